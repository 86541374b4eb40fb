import type { ChatCompletionRequest } from '../openai/chat-completion-request.js';
import type { EmbeddingRequest } from '../openai/embedding.js';
import type { FetchFunction } from '../provider/provider-v1.js';

/** A fallback: another model string, or a model with its own credentials. */
export type FallbackTarget =
  | string
  | { model: string; api_key?: string; api_base?: string; api_version?: string };

/** LiteLLM's call options, under LiteLLM's names, accepted by `completion()` and `embedding()`. */
export interface LiteLLMCallOptions {
  api_key?: string | undefined;
  api_base?: string | undefined;
  /** Alias of `api_base` (LiteLLM accepts both). */
  base_url?: string | undefined;
  api_version?: string | undefined;
  organization?: string | undefined;
  custom_llm_provider?: string | undefined;
  /** Seconds. For streams, bounds the wait for the response to start. */
  timeout?: number | undefined;
  /** Retries per model (exponential backoff, honouring `retry-after`). Default 0. */
  num_retries?: number | undefined;
  /** Models tried in order once the primary model's retries are spent. */
  fallbacks?: FallbackTarget[] | undefined;
  /** Answer with this text without calling the provider. `litellm.RateLimitError` (or another class name) raises that error instead. */
  mock_response?: string | undefined;
  /** Drop parameters the provider does not support instead of failing. */
  drop_params?: boolean | undefined;
  /** Extra headers sent upstream. */
  extra_headers?: Record<string, string> | undefined;
  input_cost_per_token?: number | string | undefined;
  output_cost_per_token?: number | string | undefined;
  cache_read_input_token_cost?: number | string | undefined;
  cache_creation_input_token_cost?: number | string | undefined;
  /** Price as this model (LiteLLM's `model_info.base_model`). */
  base_model?: string | undefined;
  /** Cancels the call, including the upstream request. */
  signal?: AbortSignal | undefined;
  /** Injected fetch, for tests or connection pools. */
  fetch?: FetchFunction | undefined;
  /** Azure AD (Entra ID) token, sent as a bearer token instead of an `api-key`. */
  azure_ad_token?: string | undefined;
  /** AWS credentials and endpoint (Bedrock). */
  aws_access_key_id?: string | undefined;
  aws_secret_access_key?: string | undefined;
  aws_session_token?: string | undefined;
  aws_region_name?: string | undefined;
  aws_bedrock_runtime_endpoint?: string | undefined;
  /** Google Vertex AI project, location and service-account credentials. */
  vertex_project?: string | undefined;
  vertex_location?: string | undefined;
  vertex_credentials?: string | Record<string, unknown> | undefined;
  /** Caller metadata; kept out of the upstream request, as LiteLLM does. */
  metadata?: Record<string, unknown> | null | undefined;
}

export type CompletionParams = ChatCompletionRequest & LiteLLMCallOptions;
export type EmbeddingParams = EmbeddingRequest & LiteLLMCallOptions;

/**
 * Provider credentials and endpoints from `litellm_params`: they reach the adapter in
 * `ModelSettingsV1.extra`, never the request body.
 */
export const providerSettingNames: ReadonlySet<string> = new Set([
  'azure_ad_token',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_region_name',
  'aws_bedrock_runtime_endpoint',
  'aws_profile_name',
  'aws_role_name',
  'aws_session_name',
  'aws_web_identity_token',
  'aws_sts_endpoint',
  'vertex_project',
  'vertex_location',
  'vertex_credentials',
  'region_name',
]);

const callOptionNames = new Set<string>([
  ...providerSettingNames,
  'api_key',
  'api_base',
  'base_url',
  'api_version',
  'organization',
  'custom_llm_provider',
  'timeout',
  'num_retries',
  'max_retries',
  'fallbacks',
  'mock_response',
  'drop_params',
  'extra_headers',
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
  'base_model',
  'signal',
  'fetch',
  'metadata',
]);

/** Splits LiteLLM's call options from the body that goes upstream. */
export function splitCallOptions<T extends { model: string }>(
  params: T & LiteLLMCallOptions,
): { options: LiteLLMCallOptions; body: Record<string, unknown> & { model: string } } {
  const body: Record<string, unknown> = {};
  for (const key in params) {
    if (!callOptionNames.has(key)) body[key] = params[key as keyof typeof params];
  }
  return { options: params, body: body as Record<string, unknown> & { model: string } };
}
