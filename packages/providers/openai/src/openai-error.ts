import {
  type APIError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  errorClassForStatus,
  InternalServerError,
  openAIErrorBodySchema,
  RateLimitError,
} from '@llmux/core';
import { z } from 'zod';

// vLLM and some other compatible servers put the fields at the top level.
const topLevelErrorSchema = z.looseObject({
  message: z.string(),
  type: z.string().nullish(),
  param: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});

const stringErrorSchema = z.looseObject({ error: z.string() });

interface OpenAIErrorDetails {
  message: string;
  type?: string | null | undefined;
  param?: string | null | undefined;
  code?: string | number | null | undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorDetails(body: unknown, text: string, fallback: string): OpenAIErrorDetails {
  const envelope = openAIErrorBodySchema.safeParse(body);
  if (envelope.success) return envelope.data.error;
  const topLevel = topLevelErrorSchema.safeParse(body);
  if (topLevel.success) return topLevel.data;
  const stringError = stringErrorSchema.safeParse(body);
  if (stringError.success) return { message: stringError.data.error };
  return { message: text.trim() || fallback };
}

function errorClassFor(status: number | undefined, details: OpenAIErrorDetails): typeof APIError {
  const { code, message, type } = details;
  if (code === 'context_length_exceeded' || /maximum context length/i.test(message)) {
    return ContextWindowExceededError;
  }
  if (code === 'content_policy_violation' || code === 'content_filter') {
    return ContentPolicyViolationError;
  }
  if (status !== undefined) return errorClassForStatus(status);
  // An in-stream error has no HTTP status: go by what the payload says.
  if (typeof code === 'number' && code >= 400) return errorClassForStatus(code);
  if (
    code === 'rate_limit_exceeded' ||
    code === 'insufficient_quota' ||
    type === 'rate_limit_error'
  ) {
    return RateLimitError;
  }
  if (type === 'invalid_request_error') return BadRequestError;
  return InternalServerError;
}

function retryableOverride(
  details: OpenAIErrorDetails,
  headers: Record<string, string>,
): boolean | undefined {
  const shouldRetry = headers['x-should-retry'];
  if (shouldRetry === 'true') return true;
  if (shouldRetry === 'false') return false;
  // Billing stop, not a transient limit.
  if (details.code === 'insufficient_quota') return false;
  return undefined;
}

function toOpenAIError(options: {
  status: number | undefined;
  details: OpenAIErrorDetails;
  headers: Record<string, string>;
  body: unknown;
  llmProvider: string;
  model: string;
}): APIError {
  const { details, headers } = options;
  const ErrorClass = errorClassFor(options.status, details);
  return new ErrorClass({
    message: details.message,
    status: options.status,
    llmProvider: options.llmProvider,
    model: options.model,
    type: details.type,
    param: details.param,
    providerCode: details.code === null || details.code === undefined ? null : String(details.code),
    headers,
    body: options.body,
    isRetryable: retryableOverride(details, headers),
  });
}

/** The error for a non-2xx response. */
export function createOpenAIError(options: {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  llmProvider: string;
  model: string;
}): APIError {
  const body = parseJson(options.bodyText);
  return toOpenAIError({
    status: options.status,
    details: errorDetails(body, options.bodyText, `${options.status} status code (no body)`),
    headers: options.headers,
    body: body ?? options.bodyText,
    llmProvider: options.llmProvider,
    model: options.model,
  });
}

/** The error for a `data: {"error": …}` payload or an `event: error` sent after HTTP 200. */
export function createOpenAIStreamError(options: {
  data: string;
  llmProvider: string;
  model: string;
}): APIError {
  const body = parseJson(options.data);
  return toOpenAIError({
    status: undefined,
    details: errorDetails(body, options.data, 'Error event in the stream'),
    headers: {},
    body: body ?? options.data,
    llmProvider: options.llmProvider,
    model: options.model,
  });
}
