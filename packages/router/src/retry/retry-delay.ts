import { APIError, retryDelayMs } from '@llmux/core';

/**
 * LiteLLM's `_time_to_sleep_before_retry`: no wait when another healthy deployment of the
 * group can take the retry; else the upstream's `retry-after` (0 < x ≤ 60 s) or exponential
 * backoff with jitter, never less than `retry_after`.
 */
export function retrySleepMs(options: {
  retry: number;
  error: unknown;
  otherHealthyDeployment: boolean;
  retryAfterSeconds: number;
  random: () => number;
}): number {
  if (options.otherHealthyDeployment) return 0;
  const minimum = options.retryAfterSeconds * 1000;
  const backoff = APIError.isInstance(options.error)
    ? retryDelayMs(options.retry, options.error, options.random)
    : Math.round(Math.min(500 * 2 ** options.retry, 8000) * (0.75 + 0.25 * options.random()));
  return Math.max(backoff, minimum);
}
