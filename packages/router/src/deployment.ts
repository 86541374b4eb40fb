import { createHash } from 'node:crypto';

/** One entry of LiteLLM's `model_list`. */
export interface DeploymentConfig {
  model_name: string;
  litellm_params: { model: string } & Record<string, unknown>;
  model_info?: ({ id?: string | number } & Record<string, unknown>) | undefined;
}

export interface Deployment {
  id: string;
  modelName: string;
  litellmParams: { model: string } & Record<string, unknown>;
  modelInfo: Record<string, unknown>;
  weight: number | undefined;
  rpm: number | undefined;
  tpm: number | undefined;
}

function numberParam(value: unknown): number | undefined {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * LiteLLM's default deployment id: sha256 hex of `model_name` followed by each
 * `litellm_params` key and value (ints as strings), unless `model_info.id` is set.
 */
export function deploymentId(config: DeploymentConfig): string {
  const explicit = config.model_info?.id;
  if (explicit !== undefined && explicit !== null && String(explicit) !== '')
    return String(explicit);
  const hash = createHash('sha256');
  hash.update(config.model_name);
  for (const [key, value] of Object.entries(config.litellm_params)) {
    hash.update(key);
    hash.update(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
  }
  return hash.digest('hex');
}

export function toDeployment(config: DeploymentConfig): Deployment {
  return {
    id: deploymentId(config),
    modelName: config.model_name,
    litellmParams: config.litellm_params,
    modelInfo: { ...(config.model_info ?? {}) },
    weight: numberParam(config.litellm_params.weight),
    rpm: numberParam(config.litellm_params.rpm),
    tpm: numberParam(config.litellm_params.tpm),
  };
}
