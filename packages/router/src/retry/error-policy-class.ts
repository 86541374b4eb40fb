import {
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  InternalServerError,
  RateLimitError,
} from '@llmux/core';

/** The error classes `retry_policy` and `allowed_fails_policy` name. */
export type PolicyErrorClass =
  | 'BadRequestError'
  | 'AuthenticationError'
  | 'TimeoutError'
  | 'RateLimitError'
  | 'ContentPolicyViolationError'
  | 'InternalServerError';

/**
 * The policy class of an error, most specific first: a content-policy violation is a
 * BadRequestError subclass, and its own entry wins (LiteLLM 1.63 checks BadRequest first,
 * so there `BadRequestErrorRetries` shadows it). Any status ≥ 500 counts as InternalServerError.
 */
export function policyErrorClass(error: unknown): PolicyErrorClass | undefined {
  if (ContentPolicyViolationError.isInstance(error)) return 'ContentPolicyViolationError';
  if (BadRequestError.isInstance(error)) return 'BadRequestError';
  if (AuthenticationError.isInstance(error)) return 'AuthenticationError';
  if (APITimeoutError.isInstance(error)) return 'TimeoutError';
  if (RateLimitError.isInstance(error)) return 'RateLimitError';
  if (InternalServerError.isInstance(error)) return 'InternalServerError';
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 500) return 'InternalServerError';
  return undefined;
}
