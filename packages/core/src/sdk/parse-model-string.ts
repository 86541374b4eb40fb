import { BadRequestError } from '../errors/bad-request-error.js';
import { inferProviderFromModel } from '../pricing/index.js';
import { isKnownProviderPrefix } from './provider-registry.js';

export interface ParsedModel {
  provider: string;
  modelId: string;
}

/**
 * Splits `provider/model`. A bare name is inferred from the price table (as LiteLLM does),
 * else rejected with a message naming the expected form.
 */
export function parseModelString(model: string, customProvider?: string): ParsedModel {
  if (customProvider) {
    const prefix = `${customProvider}/`;
    return {
      provider: customProvider,
      modelId: model.startsWith(prefix) ? model.slice(prefix.length) : model,
    };
  }
  const slash = model.indexOf('/');
  if (slash > 0) {
    const prefix = model.slice(0, slash);
    if (isKnownProviderPrefix(prefix)) return { provider: prefix, modelId: model.slice(slash + 1) };
  }
  const inferred = inferProviderFromModel(model);
  if (inferred !== undefined) return { provider: inferred, modelId: model };
  const hint =
    slash > 0
      ? `Unknown provider prefix '${model.slice(0, slash)}'.`
      : 'The model has no provider prefix and is not in the price table.';
  throw new BadRequestError({
    message: `LLM Provider NOT provided. ${hint} Pass the model as 'provider/model', e.g. model='openai/gpt-4o' or 'anthropic/claude-sonnet-4-20250514' (you passed model=${model}), and install the provider package (@llmux/openai, @llmux/anthropic …).`,
    param: 'model',
  });
}
