import {
  type APIError,
  ContextWindowExceededError,
  errorClassForStatus,
  InternalServerError,
  parseJsonOrUndefined,
  ServiceUnavailableError,
} from '@llmux/core';
import { z } from 'zod';

// Ollama: `{"error": "<plain string>"}`. A proxy in front of it may answer OpenAI-style.
const ollamaErrorSchema = z.looseObject({ error: z.string() });
const envelopeErrorSchema = z.looseObject({ error: z.looseObject({ message: z.string() }) });

function messageOf(body: unknown, text: string, fallback: string): string {
  const ollama = ollamaErrorSchema.safeParse(body);
  if (ollama.success) return ollama.data.error;
  const envelope = envelopeErrorSchema.safeParse(body);
  if (envelope.success) return envelope.data.error.message;
  return text.trim() || fallback;
}

const contextWindowPattern =
  /exceeds the context length|context length|context window|too many tokens|prompt is too long/i;

function errorClassFor(status: number | undefined, message: string): typeof APIError {
  if (contextWindowPattern.test(message) && (status === undefined || status === 400)) {
    return ContextWindowExceededError;
  }
  if (status !== undefined) return errorClassForStatus(status);
  // An error line inside a stream has no status of its own: go by what it says.
  if (/server busy|maximum pending requests/i.test(message)) return ServiceUnavailableError;
  return InternalServerError;
}

function paramFor(message: string): string | undefined {
  if (/does not support tools/i.test(message)) return 'tools';
  if (/does not support thinking/i.test(message)) return 'reasoning_effort';
  return undefined;
}

interface ErrorContext {
  llmProvider: string;
  model: string;
}

function toOllamaError(options: {
  status: number | undefined;
  message: string;
  headers: Record<string, string>;
  body: unknown;
  context: ErrorContext;
}): APIError {
  const { status, message, context } = options;
  const ErrorClass = errorClassFor(status, message);
  return new ErrorClass({
    message,
    status,
    llmProvider: context.llmProvider,
    model: context.model,
    param: paramFor(message),
    headers: options.headers,
    body: options.body,
  });
}

/** The error for a non-2xx answer from Ollama. */
export function createOllamaError(options: {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  url: string;
  context: ErrorContext;
}): APIError {
  const { status, bodyText, context } = options;
  const body = parseJsonOrUndefined(bodyText);
  let message = messageOf(body, bodyText, `${status} status code (no body)`);
  if (status === 404 && body === undefined) {
    // Go's mux answers a path Ollama does not serve with a plain-text 404.
    message = `${message} (POST ${options.url}: is api_base the Ollama server root, e.g. http://localhost:11434, without /v1 or /api?)`;
  }
  return toOllamaError({
    status,
    message,
    headers: options.headers,
    body: body ?? bodyText,
    context,
  });
}

/** The error for an `{"error": "…"}` sent with HTTP 200: a stream line, or a whole body. */
export function createOllamaBodyError(options: { body: unknown; context: ErrorContext }): APIError {
  return toOllamaError({
    status: undefined,
    message: messageOf(options.body, '', 'Error in the stream'),
    headers: {},
    body: options.body,
    context: options.context,
  });
}
