import { APIConnectionError } from '../errors/api-connection-error.js';
import { APIError } from '../errors/api-error.js';
import { APITimeoutError } from '../errors/api-timeout-error.js';
import type { FetchFunction } from '../provider/provider-v1.js';
import { isAbortError, isTimeoutReason } from './is-abort-error.js';
import { pooledRequest } from './pooled-request.js';
import type { UpstreamResponse } from './upstream-response.js';

export interface FetchUpstreamOptions {
  url: string;
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string | undefined;
  fetch?: FetchFunction | undefined;
  abortSignal?: AbortSignal | undefined;
  llmProvider: string;
  model: string;
}

/**
 * Sends a request upstream, with failures turned into llmux errors: a timeout into
 * `APITimeoutError`, a network failure into `APIConnectionError`. A caller's own abort is
 * re-thrown as is. Without a custom `fetch`, requests go through one shared keep-alive
 * pool (undici's `request`); redirects are followed either way.
 */
export async function fetchUpstream(options: FetchUpstreamOptions): Promise<UpstreamResponse> {
  const method = options.method ?? 'POST';
  try {
    if (options.fetch === undefined) {
      return await pooledRequest({
        url: options.url,
        method,
        headers: options.headers,
        body: options.body,
        signal: options.abortSignal,
      });
    }
    return await options.fetch(options.url, {
      method,
      headers: options.headers,
      body: options.body,
      signal: options.abortSignal,
    });
  } catch (error) {
    throw toUpstreamError(error, options.abortSignal, options.llmProvider, options.model);
  }
}

/** Maps an error raised while talking to the upstream (request or body read). */
export function toUpstreamError(
  error: unknown,
  abortSignal: AbortSignal | undefined,
  llmProvider: string,
  model: string,
): unknown {
  if (APIError.isInstance(error)) return error;
  if (abortSignal?.aborted && isTimeoutReason(abortSignal.reason)) {
    return new APITimeoutError({
      message: `Request timed out calling ${llmProvider}/${model}`,
      llmProvider,
      model,
      cause: error,
    });
  }
  if (isAbortError(error)) return error;
  const reason =
    error instanceof Error
      ? error.cause instanceof Error
        ? error.cause.message
        : error.message
      : String(error);
  return new APIConnectionError({
    message: `Connection error calling ${llmProvider}/${model}: ${reason}`,
    llmProvider,
    model,
    cause: error,
  });
}
