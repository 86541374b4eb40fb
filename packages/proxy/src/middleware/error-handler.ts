import { isAbortError } from '@llmux/core';
import type { Context, ErrorHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { jsonResponse } from '../http/json-response.js';
import { litellmHeaders } from '../http/litellm-headers.js';
import { errorStatus, toApiError, toErrorBody } from '../http/to-error-body.js';
import type { ProxyLogger } from '../logger.js';
import { clientIsGone } from '../routes/watch-client-disconnect.js';

export interface ErrorHandlerOptions {
  logger: ProxyLogger;
}

const clientClosedBody = {
  error: {
    message: 'The client closed the connection before the response.',
    type: 'client_closed_request',
    param: null,
    code: '499',
  },
};

/**
 * Answers every error in OpenAI's envelope `{"error":{"message","type","param","code"}}`
 * with `x-litellm-response-cost: 0`. Errors that are not llmux `APIError`s are logged and
 * answered as a 500 that reveals nothing internal. A call aborted because its client went
 * away is not an error of the gateway: it is logged at debug and answered 499 (to no one).
 */
export function handleError(options: ErrorHandlerOptions): ErrorHandler<AppEnv> {
  const { logger } = options;
  return function handleError(error, c) {
    const callId = c.get('callId') ?? 'unknown';
    if (isAbortError(error) && clientIsGone(c)) {
      logger.debug(
        { callId, path: c.req.path },
        'client closed the connection before the response',
      );
      return errorResponse(c, clientClosedBody, 499);
    }
    const apiError = toApiError(error, callId);
    const status = errorStatus(apiError);
    if (apiError !== error) {
      logger.error(
        { callId, path: c.req.path, error: describe(error) },
        'unexpected error while handling a request',
      );
    } else if (status >= 500) {
      logger.warn({ callId, status, error: apiError.message }, 'request failed');
    }
    return errorResponse(c, toErrorBody(apiError), status, apiError.headers['retry-after']);
  };
}

function errorResponse(
  c: Context<AppEnv>,
  body: object,
  status: number,
  retryAfter?: string | undefined,
): Response {
  const headers = litellmHeaders({
    callId: c.get('callId'),
    responseCost: 0,
    modelGroup: c.get('modelGroup'),
  });
  // Rate limits (the router's own, or an upstream's) tell the client when to come back.
  if (retryAfter !== undefined && (status === 429 || status === 503))
    headers['retry-after'] = retryAfter;
  return jsonResponse(c, body, status, headers);
}

function describe(error: unknown): string {
  return error instanceof Error
    ? (error.stack ?? `${error.name}: ${error.message}`)
    : String(error);
}

/** 404 for paths the proxy does not serve, in the same envelope. */
export function handleNotFound(): (c: Context<AppEnv>) => Response {
  return function handleNotFound(c) {
    const body = {
      error: {
        message: `No route for ${c.req.method} ${c.req.path}. The proxy serves /v1/chat/completions, /v1/embeddings and /v1/models.`,
        type: 'not_found_error',
        param: null,
        code: '404',
      },
    };
    return errorResponse(c, body, 404);
  };
}
