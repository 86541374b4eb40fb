import {
  type APIError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  errorClassForStatus,
  InternalServerError,
  isRetryableStatus,
  parseJsonOrUndefined,
  RateLimitError,
} from '@llmux/core';
import type { OpenAICompatibleErrorContext } from './openai-compatible-config.js';
import { type OpenAIErrorDetails, parseOpenAIErrorDetails } from './parse-openai-error-details.js';

type MapError = ((context: OpenAICompatibleErrorContext) => APIError | undefined) | undefined;

const contextWindowMessages =
  /maximum context length|context length exceeded|context_length_exceeded|context window|reduce the length of the messages/i;

/** The class the OpenAI envelope (and its common variants) points at. */
export function defaultErrorClass(
  status: number | undefined,
  details: OpenAIErrorDetails,
): typeof APIError {
  const { code, message, type } = details;
  if (
    code === 'context_length_exceeded' ||
    ((status === undefined || status === 400 || status === 413) &&
      contextWindowMessages.test(message))
  ) {
    return ContextWindowExceededError;
  }
  if (
    code === 'content_policy_violation' ||
    code === 'content_filter' ||
    type === 'content_policy_violation'
  ) {
    return ContentPolicyViolationError;
  }
  if (status !== undefined) return errorClassForStatus(status);
  // An in-stream error has no HTTP status: go by what the payload says.
  if (typeof code === 'number' && code >= 400) return errorClassForStatus(code);
  if (typeof code === 'string' && /^[45]\d\d$/.test(code)) return errorClassForStatus(Number(code));
  if (
    code === 'rate_limit_exceeded' ||
    code === 'insufficient_quota' ||
    type === 'rate_limit_error' ||
    type === 'rate_limit_exceeded'
  ) {
    return RateLimitError;
  }
  if (type === 'invalid_request_error') return BadRequestError;
  return InternalServerError;
}

// An in-stream error has no HTTP status; some servers put one in `code`.
function statusFromCode(code: string | number | null | undefined): number | undefined {
  const status = typeof code === 'string' && /^[45]\d\d$/.test(code) ? Number(code) : code;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : undefined;
}

function retryableOverride(headers: Record<string, string>): boolean | undefined {
  const shouldRetry = headers['x-should-retry'];
  if (shouldRetry === 'true') return true;
  if (shouldRetry === 'false') return false;
  return undefined;
}

/**
 * Rebuilds `error` as another class (or with other fields), keeping everything else:
 * what `mapError` hooks use to refine the default mapping.
 */
export function refineError(
  error: APIError,
  ErrorClass: typeof APIError,
  overrides: Partial<{
    message: string;
    status: number;
    type: string | null;
    param: string | null;
    providerCode: string | null;
    isRetryable: boolean;
  }> = {},
): APIError {
  const changesClass = ErrorClass !== error.constructor;
  const changesStatus = overrides.status !== undefined || changesClass;
  return new ErrorClass({
    message: overrides.message ?? error.message,
    // A new class brings its own default status unless one is given or the old one still fits.
    status: overrides.status ?? (changesStatus ? statusFor(error, ErrorClass) : error.status),
    llmProvider: error.llmProvider,
    model: error.model,
    type: overrides.type === undefined ? error.type : overrides.type,
    param: overrides.param === undefined ? error.param : overrides.param,
    providerCode:
      overrides.providerCode === undefined ? error.providerCode : overrides.providerCode,
    headers: error.headers,
    body: error.body,
    // Same class: keep the verdict; a new class brings its own (a rate limit is retryable).
    isRetryable:
      overrides.isRetryable ??
      (changesClass ? isRetryableStatus(ErrorClass.defaultStatus) : error.isRetryable),
    cause: error.cause,
  });
}

// Keeps a real upstream status when it belongs to the new class (400 stays 400 for a
// context-window error), else takes the class default.
function statusFor(error: APIError, ErrorClass: typeof APIError): number {
  return errorClassForStatus(error.status) === ErrorClass ||
    ErrorClass === ContextWindowExceededError ||
    ErrorClass === ContentPolicyViolationError
    ? error.status
    : ErrorClass.defaultStatus;
}

function toError(options: {
  status: number | undefined;
  details: OpenAIErrorDetails;
  headers: Record<string, string>;
  body: unknown;
  llmProvider: string;
  model: string;
  mapError: MapError;
}): APIError {
  const { details, headers } = options;
  const ErrorClass = defaultErrorClass(options.status, details);
  const error = new ErrorClass({
    message: details.message,
    status: options.status ?? statusFromCode(details.code),
    llmProvider: options.llmProvider,
    model: options.model,
    type: details.type,
    param: details.param,
    providerCode: details.code === null || details.code === undefined ? null : String(details.code),
    headers,
    body: options.body,
    isRetryable: retryableOverride(headers),
  });
  return (
    options.mapError?.({
      error,
      status: options.status,
      body: options.body,
      details,
      headers,
      llmProvider: options.llmProvider,
      model: options.model,
    }) ?? error
  );
}

/** The error for a non-2xx response. */
export function createOpenAICompatibleError(options: {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  llmProvider: string;
  model: string;
  mapError?: MapError;
}): APIError {
  const body = parseJsonOrUndefined(options.bodyText);
  return toError({
    status: options.status,
    details: parseOpenAIErrorDetails(
      body,
      options.bodyText,
      `${options.status} status code (no body)`,
    ),
    headers: options.headers,
    body: body ?? options.bodyText,
    llmProvider: options.llmProvider,
    model: options.model,
    mapError: options.mapError,
  });
}

/** The error for a `data: {"error": …}` payload or an `event: error` sent after HTTP 200. */
export function createOpenAICompatibleStreamError(options: {
  data: string;
  llmProvider: string;
  model: string;
  mapError?: MapError;
}): APIError {
  const body = parseJsonOrUndefined(options.data);
  return toError({
    status: undefined,
    details: parseOpenAIErrorDetails(body, options.data, 'Error event in the stream'),
    headers: {},
    body: body ?? options.data,
    llmProvider: options.llmProvider,
    model: options.model,
    mapError: options.mapError,
  });
}
