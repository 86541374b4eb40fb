import type { Deployment } from './deployment.js';
import { numberParam } from './param-values.js';
import type { RequestContext } from './request-context.js';
import type { RouterOptions } from './router-options.js';

// Deployment settings that steer routing, budgets or the proxy; never sent to the provider.
const litellmParamsNotForCall = new Set([
  'model',
  'rpm',
  'tpm',
  'weight',
  'order',
  'max_parallel_requests',
  'max_budget',
  'budget_duration',
  'cooldown_time',
  'tags',
  'stream_timeout',
  'num_retries',
  'max_retries',
  'model_info',
  'use_in_pass_through',
  'use_litellm_proxy',
  'litellm_credential_name',
  'configurable_clientside_auth_params',
  'max_file_size_mb',
]);

// Request keys the router consumes; they never reach core's call.
const requestKeysForRouter = [
  'fallbacks',
  'num_retries',
  'context_window_fallbacks',
  'content_policy_fallbacks',
] as const;

/** The parameters for core's `completion()`/`embedding()`: the request merged with the deployment's. */
export function callParams(
  request: RequestContext,
  deployment: Deployment,
  options: RouterOptions,
): Record<string, unknown> & {
  model: string;
} {
  const params = request.params;
  const merged: Record<string, unknown> = { ...params };
  for (const key of requestKeysForRouter) delete merged[key];
  for (const [key, value] of Object.entries(deployment.litellmParams)) {
    if (!litellmParamsNotForCall.has(key) && value !== undefined && value !== null)
      merged[key] = value;
  }
  merged.model = deployment.litellmParams.model;
  // Retries and fallbacks are the router's; core makes exactly one attempt.
  merged.num_retries = 0;
  const streamTimeout = request.stream
    ? (numberParam(deployment.litellmParams.stream_timeout) ?? options.stream_timeout)
    : undefined;
  merged.timeout =
    numberParam(params.timeout) ??
    streamTimeout ??
    numberParam(deployment.litellmParams.timeout) ??
    options.timeout;
  if (merged.timeout === undefined) delete merged.timeout;
  if (merged.drop_params === undefined && options.drop_params !== undefined)
    merged.drop_params = options.drop_params;
  const baseModel = deployment.modelInfo.base_model;
  if (typeof baseModel === 'string' && merged.base_model === undefined)
    merged.base_model = baseModel;
  for (const priceKey of ['input_cost_per_token', 'output_cost_per_token'] as const) {
    const price = deployment.modelInfo[priceKey];
    if (merged[priceKey] === undefined && (typeof price === 'number' || typeof price === 'string'))
      merged[priceKey] = price;
  }
  return merged as Record<string, unknown> & { model: string };
}
