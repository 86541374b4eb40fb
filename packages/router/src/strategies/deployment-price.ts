import { lookupModelPrice, type ModelPrice, parseModelString } from '@llmux/core';
import type { Deployment } from '../deployment.js';

/**
 * The price-table entry of the model a deployment calls: `model_info.base_model` when set
 * (Azure-style deployments name their real model there), else `litellm_params.model`.
 * Undefined when the provider is unknown or the table has no entry.
 */
export function lookupDeploymentPrice(deployment: Deployment): ModelPrice | undefined {
  const baseModel = deployment.modelInfo.base_model;
  const model =
    typeof baseModel === 'string' && baseModel !== '' ? baseModel : deployment.litellmParams.model;
  const customProvider = deployment.litellmParams.custom_llm_provider;
  try {
    const parsed = parseModelString(
      model,
      typeof customProvider === 'string' && customProvider !== '' ? customProvider : undefined,
    );
    return lookupModelPrice(parsed.modelId, parsed.provider);
  } catch {
    return undefined;
  }
}
