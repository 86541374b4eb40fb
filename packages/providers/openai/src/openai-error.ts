import type { APIError } from '@llmux/core';
import {
  createOpenAICompatibleError,
  createOpenAICompatibleStreamError,
  type OpenAICompatibleErrorContext,
  refineError,
} from '@llmux/openai-compatible';

/** OpenAI's refinements on top of the shared OpenAI-envelope mapping. */
export function refineOpenAIError({
  error,
  details,
  headers,
}: OpenAICompatibleErrorContext): APIError | undefined {
  // A billing stop, not a transient limit (unless OpenAI says otherwise).
  if (details.code === 'insufficient_quota' && headers['x-should-retry'] === undefined) {
    return refineError(error, error.constructor as typeof APIError, { isRetryable: false });
  }
  return undefined;
}

/** The error for a non-2xx OpenAI response. */
export function createOpenAIError(options: {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  llmProvider: string;
  model: string;
}): APIError {
  return createOpenAICompatibleError({ ...options, mapError: refineOpenAIError });
}

/** The error for a `data: {"error": …}` payload or an `event: error` sent after HTTP 200. */
export function createOpenAIStreamError(options: {
  data: string;
  llmProvider: string;
  model: string;
}): APIError {
  return createOpenAICompatibleStreamError({ ...options, mapError: refineOpenAIError });
}
