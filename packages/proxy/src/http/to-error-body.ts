import { APIError, InternalServerError, type OpenAIErrorBody } from '@llmux/core';
import { HTTPException } from 'hono/http-exception';

/** Any thrown value as an `APIError`; unknown failures become a 500 that reveals nothing internal. */
export function toApiError(error: unknown, callId: string): APIError {
  if (APIError.isInstance(error)) return error as APIError;
  if (error instanceof HTTPException) {
    return new APIError({
      message: error.message || 'HTTP error',
      status: error.status,
      type: null,
    });
  }
  return new InternalServerError({
    message: `Internal server error (call id ${callId}). The proxy logged the details.`,
    type: 'internal_server_error',
  });
}

/** A status the error may answer with: the error's own when it is a 4xx/5xx, else 500. */
export function errorStatus(error: APIError): number {
  return error.status >= 400 && error.status <= 599 ? error.status : 500;
}

/** OpenAI's error envelope with `code` = the HTTP status as a string, as LiteLLM answers. */
export function toErrorBody(error: APIError): OpenAIErrorBody {
  return {
    error: {
      message: error.message,
      type: error.type,
      param: error.param,
      code: String(errorStatus(error)),
    },
  };
}
