import type { Deployment } from '../deployment.js';
import { lookupDeploymentPrice } from '../strategies/deployment-price.js';

function positiveInteger(value: unknown): number | undefined {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}

/**
 * The most input tokens a deployment accepts: `model_info.max_input_tokens`, else the price
 * table's `max_input_tokens` for its model (`model_info.base_model` when set); undefined
 * when neither is known.
 */
export function deploymentMaxInputTokens(deployment: Deployment): number | undefined {
  return (
    positiveInteger(deployment.modelInfo.max_input_tokens) ??
    lookupDeploymentPrice(deployment)?.maxInputTokens
  );
}

/**
 * LiteLLM's context-window pre-call check (`enable_pre_call_checks`): drops the deployments
 * whose max input tokens are below `promptTokens`. A deployment with an unknown limit is
 * kept. May return an empty list; the caller then answers with a context-window error.
 *
 * @example
 * filterByContextWindow(deployments, await countPromptTokens(messages, 'gpt-4o'));
 */
export function filterByContextWindow(
  deployments: readonly Deployment[],
  promptTokens: number,
): Deployment[] {
  return deployments.filter(deployment => {
    const limit = deploymentMaxInputTokens(deployment);
    return limit === undefined || promptTokens <= limit;
  });
}
