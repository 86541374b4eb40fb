import { BadRequestError, providerSettingNames } from '@llmux/core';

/** Would send the deployment's key to an address the client picks. */
const rejectedFields = ['api_base', 'base_url'];

/**
 * LiteLLM call options a client must not set through the body: credentials and routing
 * belong to the deployment, prices decide the spend, and `fetch`/`signal` are not data.
 */
const droppedFields = [
  'api_key',
  'api_version',
  'organization',
  'custom_llm_provider',
  'fallbacks',
  'extra_headers',
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
  'base_model',
  'max_retries',
  'signal',
  'fetch',
  // Provider credentials (Azure AD token, AWS keys, Vertex credentials) belong to the deployment.
  ...providerSettingNames,
];

/** The body without the call options above; `api_base`/`base_url` are refused with a 400, as LiteLLM does. */
export function withoutClientCallOptions(body: Record<string, unknown>): Record<string, unknown> {
  for (const field of rejectedFields) {
    if (field in body) {
      throw new BadRequestError({
        message: `Rejected Request: ${field} is not allowed in request body. Set it on the deployment (model_list[].litellm_params) instead.`,
        param: field,
      });
    }
  }
  // Most requests carry none of them: answer the body itself, copied only when needed.
  if (!droppedFields.some(field => field in body)) return body;
  const kept = { ...body };
  for (const field of droppedFields) delete kept[field];
  return kept;
}
