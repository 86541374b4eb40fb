import { APIError } from '../errors/api-error.js';
import type { LiteLLMCallOptions } from './completion-options.js';
import { isDebugEnabled, sdkLog } from './logger.js';
import { type CallTarget, listCallCandidates, resolveCallTarget } from './resolve-call.js';
import { retryDelayMs, sleep } from './retry-delay.js';

export interface AttemptOutcome<T> {
  value: T;
  target: CallTarget;
  attemptedRetries: number;
  attemptedFallbacks: number;
}

/**
 * Tries the primary model with `num_retries` retries on retryable errors, then each
 * fallback the same way. Errors in the call's own setup (unknown provider, missing
 * package) are thrown at once; a caller's abort stops everything.
 */
export async function runWithFallbacks<T>(
  model: string,
  options: LiteLLMCallOptions,
  attempt: (target: CallTarget) => Promise<T>,
): Promise<AttemptOutcome<T>> {
  const numRetries = Math.max(0, options.num_retries ?? 0);
  const candidates = listCallCandidates(model, options);
  let lastError: unknown;
  let attemptedRetries = 0;
  for (const [fallbackIndex, candidate] of candidates.entries()) {
    const target = resolveCallTarget(candidate.model, candidate.options);
    for (let retry = 0; retry <= numRetries; retry++) {
      try {
        const value = await attempt(target);
        return { value, target, attemptedRetries, attemptedFallbacks: fallbackIndex };
      } catch (error) {
        if (options.signal?.aborted || !APIError.isInstance(error)) throw error;
        const apiError = error as APIError;
        lastError = apiError;
        if (isDebugEnabled()) {
          sdkLog('debug', 'call failed', {
            model: candidate.model,
            status: apiError.status,
            error: apiError.name,
            retryable: apiError.isRetryable,
          });
        }
        if (!apiError.isRetryable || retry === numRetries) break;
        attemptedRetries++;
        await sleep(retryDelayMs(retry, apiError), options.signal);
      }
    }
  }
  throw lastError;
}
