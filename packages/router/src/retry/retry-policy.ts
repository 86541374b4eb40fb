import type { RetryPolicy } from '../router-options.js';
import { policyErrorClass } from './error-policy-class.js';

/** Retries allowed for this error: the group's policy, else the router's, else `numRetries`. */
export function retriesFor(
  error: unknown,
  numRetries: number,
  retryPolicy: RetryPolicy | undefined,
  groupPolicy: RetryPolicy | undefined,
): number {
  const errorClass = policyErrorClass(error);
  if (errorClass === undefined) return numRetries;
  const key =
    `${errorClass === 'TimeoutError' ? 'Timeout' : errorClass.replace(/Error$/, '')}ErrorRetries` as keyof RetryPolicy;
  return groupPolicy?.[key] ?? retryPolicy?.[key] ?? numRetries;
}
