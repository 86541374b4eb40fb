import {
  type APIError,
  ContextWindowExceededError,
  errorClassForStatus,
  ServiceUnavailableError,
} from '@llmux/core';
import { type OpenAICompatibleErrorContext, refineError } from '@llmux/openai-compatible';

function streamStatusOf(body: unknown): number | undefined {
  const error = (body as { error?: { status_code?: unknown } } | null)?.error;
  const status = error?.status_code ?? (body as { status_code?: unknown } | null)?.status_code;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : undefined;
}

/** Groq's refinements on top of the shared OpenAI-envelope mapping. */
export function refineGroqError({
  error,
  status,
  body,
}: OpenAICompatibleErrorContext): APIError | undefined {
  // 498: the flex tier is out of capacity; Groq says retry (https://console.groq.com/docs/errors).
  if (status === 498) {
    return refineError(error, ServiceUnavailableError, { status: 498, isRetryable: true });
  }
  // Groq puts the HTTP status of an `event: error` sent mid-stream in `error.status_code`.
  const streamStatus = status === undefined ? streamStatusOf(body) : undefined;
  if (streamStatus !== undefined && error.status !== streamStatus) {
    const keepsClass = ContextWindowExceededError.isInstance(error) && streamStatus === 400;
    return refineError(
      error,
      keepsClass ? ContextWindowExceededError : errorClassForStatus(streamStatus),
      { status: streamStatus },
    );
  }
  return undefined;
}
