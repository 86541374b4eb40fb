import type { APIError } from '../errors/api-error.js';

const maxHonouredRetryAfterMs = 60_000;

/**
 * LiteLLM's backoff: the upstream's `retry-after` when it is between 0 and 60 s, else
 * 0.5 s × 2^attempt capped at 8 s, with 0.75–1.0 jitter.
 */
export function retryDelayMs(
  attempt: number,
  error: APIError,
  random: () => number = Math.random,
): number {
  const retryAfter = error.retryAfterMs;
  if (retryAfter !== undefined && retryAfter > 0 && retryAfter <= maxHonouredRetryAfterMs) {
    return retryAfter;
  }
  const base = Math.min(500 * 2 ** attempt, 8000);
  return Math.round(base * (0.75 + 0.25 * random()));
}

/** Waits, unless the signal aborts first (then rejects with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
