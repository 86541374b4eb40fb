import { decimalToPico, lookupModelPrice, type ModelPrice, parseModelString } from '@llmux/core';
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

function overridePico(value: unknown): bigint | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return decimalToPico(value);
  } catch {
    return undefined;
  }
}

/** A deployment's per-token rates in picodollars; undefined where nothing prices it. */
export interface DeploymentRates {
  inputPico: bigint | undefined;
  outputPico: bigint | undefined;
  /** The model's output limit from the price table. */
  maxOutputTokens: number | undefined;
}

/**
 * Input and output rates of a deployment: `litellm_params.<rate>` (LiteLLM's override), else
 * `model_info.<rate>`, else the price table (via `model_info.base_model` when set).
 */
export function deploymentRates(deployment: Deployment): DeploymentRates {
  const table = lookupDeploymentPrice(deployment);
  const rate = (name: 'input_cost_per_token' | 'output_cost_per_token') =>
    overridePico(deployment.litellmParams[name]) ?? overridePico(deployment.modelInfo[name]);
  return {
    inputPico: rate('input_cost_per_token') ?? table?.inputPico,
    outputPico: rate('output_cost_per_token') ?? table?.outputPico,
    maxOutputTokens: table?.maxOutputTokens,
  };
}
