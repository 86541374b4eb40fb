/** An Azure deployment named by the part of the model string after `azure/`. */
export interface AzureDeployment {
  /** The deployment name, as it goes into the URL. */
  readonly name: string;
  /** A reasoning model (o-series, gpt-5): it takes `max_completion_tokens`, not `max_tokens`. */
  readonly isReasoningModel: boolean;
}

// LiteLLM's markers for deployments whose names do not tell: `azure/o_series/<deployment>`.
const reasoningPrefixes = ['o_series/', 'gpt5_series/'];

// Deployment names are chosen by their owner; these are the usual ones for reasoning models.
const reasoningName = /(?:^|[-_./])(?:o[1-9](?:$|[-_.])|gpt-?5)/i;

export function parseAzureDeployment(modelId: string): AzureDeployment {
  const prefix = reasoningPrefixes.find(candidate => modelId.startsWith(candidate));
  if (prefix !== undefined) {
    return { name: modelId.slice(prefix.length), isReasoningModel: true };
  }
  return { name: modelId, isReasoningModel: reasoningName.test(modelId) };
}
