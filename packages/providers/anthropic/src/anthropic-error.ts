import {
  type APIError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  errorClassForStatus,
  parseJsonOrUndefined,
} from '@llmux/core';
import { type AnthropicErrorObject, anthropicErrorBodySchema } from './anthropic-api.js';

/** The HTTP status each documented error type comes with (for errors sent inside a stream). */
const statusForErrorType: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function errorClassFor(status: number, details: AnthropicErrorObject): typeof APIError {
  const message = details.message ?? '';
  if (
    /prompt is too long/i.test(message) ||
    /input length and `max_tokens` exceed context limit/i.test(message)
  ) {
    return ContextWindowExceededError;
  }
  if (/content filtering policy/i.test(message)) return ContentPolicyViolationError;
  return errorClassForStatus(status);
}

function retryableOverride(
  details: AnthropicErrorObject,
  headers: Record<string, string>,
): boolean | undefined {
  const shouldRetry = headers['x-should-retry'];
  if (shouldRetry === 'true') return true;
  if (shouldRetry === 'false') return false;
  // A spend cap, not a transient limit.
  if (details.details?.error_code === 'enforced_spend_limit_reached') return false;
  return undefined;
}

function toAnthropicError(options: {
  status: number;
  details: AnthropicErrorObject;
  headers: Record<string, string>;
  body: unknown;
  llmProvider: string;
  model: string;
}): APIError {
  const { details, headers, status } = options;
  const ErrorClass = errorClassFor(status, details);
  return new ErrorClass({
    message: details.message || `${status} status code (no message)`,
    status,
    llmProvider: options.llmProvider,
    model: options.model,
    providerCode: details.type,
    headers,
    body: options.body,
    isRetryable: retryableOverride(details, headers),
  });
}

/** The error for a non-2xx response. */
export function createAnthropicError(options: {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  llmProvider: string;
  model: string;
}): APIError {
  const body = parseJsonOrUndefined(options.bodyText);
  const envelope = anthropicErrorBodySchema.safeParse(body);
  const details: AnthropicErrorObject = envelope.success
    ? envelope.data.error
    : { message: options.bodyText.trim() || `${options.status} status code (no body)` };
  return toAnthropicError({
    status: options.status,
    details,
    headers: options.headers,
    body: body ?? options.bodyText,
    llmProvider: options.llmProvider,
    model: options.model,
  });
}

/** The error for an `event: error` sent after HTTP 200; its status comes from its type. */
export function createAnthropicStreamError(options: {
  details: AnthropicErrorObject;
  body: unknown;
  llmProvider: string;
  model: string;
}): APIError {
  const type = options.details.type ?? 'api_error';
  return toAnthropicError({
    status: statusForErrorType[type] ?? 500,
    details: {
      ...options.details,
      message: options.details.message || 'Error event in the stream',
    },
    headers: {},
    body: options.body,
    llmProvider: options.llmProvider,
    model: options.model,
  });
}
