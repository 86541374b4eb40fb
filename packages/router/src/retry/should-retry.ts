import {
  APIError,
  AuthenticationError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  NotFoundError,
} from '@llmux/core';

/**
 * LiteLLM's `should_retry_this_error`: errors the router never retries, whatever the count.
 * Other errors with a status are retried (LiteLLM retries 400s too; `retry_policy` turns that off).
 */
export function isRetryAllowed(options: {
  error: unknown;
  hasContextWindowFallbacks: boolean;
  hasContentPolicyFallbacks: boolean;
  groupSize: number;
  healthyDeployments: number;
}): boolean {
  const { error } = options;
  if (!APIError.isInstance(error)) return false;
  if (ContextWindowExceededError.isInstance(error) && options.hasContextWindowFallbacks)
    return false;
  if (ContentPolicyViolationError.isInstance(error) && options.hasContentPolicyFallbacks)
    return false;
  if (NotFoundError.isInstance(error)) return false;
  if (AuthenticationError.isInstance(error) && options.groupSize <= 1) return false;
  return options.healthyDeployments > 0;
}
