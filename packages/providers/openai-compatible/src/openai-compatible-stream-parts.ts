import {
  type APIError,
  type ChatCompletionChunk,
  type ChatStreamPartV1,
  invalidStreamDataError,
  parseChatCompletionChunk,
  type ServerSentEvent,
  type StreamEventOutcome,
  sseEventSource,
  translateEventStream,
  usageFromOpenAI,
} from '@llmux/core';
import type { OpenAICompatibleProviderConfig } from './openai-compatible-config.js';
import { createOpenAICompatibleStreamError } from './openai-compatible-error.js';

interface StreamContext {
  llmProvider: string;
  model: string;
  mapError: OpenAICompatibleProviderConfig['mapError'];
  transformChunk: OpenAICompatibleProviderConfig['transformChunk'];
}

function isJsonObject(payload: unknown): payload is Record<string, unknown> {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload);
}

function endWithError(error: APIError): StreamEventOutcome {
  return { parts: [{ type: 'error', error }], done: true };
}

function streamError(data: string, context: StreamContext): APIError {
  return createOpenAICompatibleStreamError({
    data,
    llmProvider: context.llmProvider,
    model: context.model,
    mapError: context.mapError,
  });
}

/**
 * The parts one SSE event becomes, whether the stream ends with it, and whether the answer is
 * complete (a `finish_reason`): a body cut before `[DONE]` or a finish is a broken connection.
 */
function partsForEvent(event: ServerSentEvent, context: StreamContext): StreamEventOutcome {
  const data = event.data;
  if (data.trim() === '') return { parts: [], done: false };
  if (data.trim() === '[DONE]') return { parts: [], done: true };
  if (event.event === 'error') return endWithError(streamError(data, context));
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return endWithError(invalidStreamDataError(context, 'not JSON', data));
  }
  if (!isJsonObject(payload)) {
    return endWithError(invalidStreamDataError(context, 'not a JSON object', data));
  }
  if (payload.error !== undefined && payload.error !== null) {
    return endWithError(streamError(data, context));
  }
  // Azure's first chunk (and its annotation chunks) can lack id, model or choices, and its
  // content-filter annotations carry choices without a delta.
  const choicesWithDelta = withDeltas(payload.choices);
  // A chunk that has every field is validated as it is (`payload` is this call's own object).
  const parsed = parseChatCompletionChunk(
    choicesWithDelta === undefined && hasChunkFields(payload)
      ? payload
      : {
          id: '',
          object: 'chat.completion.chunk',
          created: 0,
          model: '',
          choices: [],
          ...payload,
          ...(choicesWithDelta ? { choices: choicesWithDelta } : {}),
        },
  );
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? 'not a chat.completion.chunk';
    return endWithError(invalidStreamDataError(context, reason, data));
  }
  let chunk: ChatCompletionChunk = parsed.data;
  let rawData: string | undefined = choicesWithDelta ? undefined : data;
  if (context.transformChunk) {
    const transformed = context.transformChunk(chunk);
    if (transformed !== chunk) {
      chunk = transformed;
      rawData = undefined;
    }
  }
  const parts: ChatStreamPartV1[] = [
    rawData === undefined ? { type: 'chunk', chunk } : { type: 'chunk', chunk, rawData },
  ];
  if (chunk.usage) parts.push({ type: 'usage', usage: usageFromOpenAI(chunk.usage) });
  return { parts, done: false, finished: chunk.choices.some(choice => choice.finish_reason) };
}

/** Every field that Azure's first and annotation chunks can lack is there. */
function hasChunkFields(payload: Record<string, unknown>): boolean {
  return (
    payload.id !== undefined &&
    payload.object !== undefined &&
    payload.created !== undefined &&
    payload.model !== undefined &&
    payload.choices !== undefined
  );
}

/** The choices with `delta: {}` added where it is missing; undefined when none lacks one. */
function withDeltas(choices: unknown): unknown[] | undefined {
  if (!Array.isArray(choices)) return undefined;
  const lacksDelta = (choice: unknown) => isJsonObject(choice) && choice.delta === undefined;
  if (!choices.some(lacksDelta)) return undefined;
  return choices.map(choice =>
    lacksDelta(choice) ? { ...(choice as object), delta: {} } : choice,
  );
}

/**
 * Turns an OpenAI-wire SSE body into stream parts. A broken connection becomes an `error`
 * part; the caller's abort errors the stream; cancelling the stream cancels the upstream body.
 */
export function createOpenAICompatibleStreamParts({
  body,
  abortSignal,
  llmProvider,
  model,
  mapError,
  transformChunk,
}: {
  body: ReadableStream<Uint8Array>;
  abortSignal: AbortSignal | undefined;
  llmProvider: string;
  model: string;
  mapError?: OpenAICompatibleProviderConfig['mapError'];
  transformChunk?: OpenAICompatibleProviderConfig['transformChunk'];
}): ReadableStream<ChatStreamPartV1> {
  const context: StreamContext = { llmProvider, model, mapError, transformChunk };
  return translateEventStream({
    events: sseEventSource(body),
    translator: { translate: event => partsForEvent(event, context) },
    llmProvider,
    model,
    abortSignal,
  });
}
