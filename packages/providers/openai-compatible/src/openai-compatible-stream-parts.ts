import {
  APIConnectionError,
  APIError,
  type ChatCompletionChunk,
  type ChatStreamPartV1,
  chatCompletionChunkSchema,
  parseSseStream,
  type ServerSentEvent,
  toUpstreamError,
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

function invalidStreamData(reason: string, data: string, context: StreamContext): APIError {
  return new APIError({
    message: `Invalid stream data from ${context.llmProvider}/${context.model}: ${reason}`,
    llmProvider: context.llmProvider,
    model: context.model,
    body: data,
  });
}

function endWithError(error: APIError): { parts: ChatStreamPartV1[]; done: boolean } {
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

/** The parts one SSE event becomes, and whether the stream ends with it. */
function partsForEvent(
  event: ServerSentEvent,
  context: StreamContext,
): { parts: ChatStreamPartV1[]; done: boolean } {
  const data = event.data;
  if (data.trim() === '') return { parts: [], done: false };
  if (data.trim() === '[DONE]') return { parts: [], done: true };
  if (event.event === 'error') return endWithError(streamError(data, context));
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return endWithError(invalidStreamData('not JSON', data, context));
  }
  if (!isJsonObject(payload)) {
    return endWithError(invalidStreamData('not a JSON object', data, context));
  }
  if (payload.error !== undefined && payload.error !== null) {
    return endWithError(streamError(data, context));
  }
  // Azure's first chunk (and its annotation chunks) can lack id, model or choices, and its
  // content-filter annotations carry choices without a delta.
  const choicesWithDelta = withDeltas(payload.choices);
  const parsed = chatCompletionChunkSchema.safeParse({
    id: '',
    object: 'chat.completion.chunk',
    created: 0,
    model: '',
    choices: [],
    ...payload,
    ...(choicesWithDelta ? { choices: choicesWithDelta } : {}),
  });
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? 'not a chat.completion.chunk';
    return endWithError(invalidStreamData(reason, data, context));
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
  return { parts, done: false };
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
  const events = parseSseStream(body).getReader();
  let finished = false;
  return new ReadableStream<ChatStreamPartV1>({
    async pull(controller) {
      while (true) {
        let next: ReadableStreamReadResult<ServerSentEvent>;
        try {
          next = await events.read();
        } catch (error) {
          const upstreamError = toUpstreamError(error, abortSignal, llmProvider, model);
          if (!APIError.isInstance(upstreamError)) {
            controller.error(upstreamError);
            return;
          }
          controller.enqueue({ type: 'error', error: upstreamError as APIError });
          controller.close();
          return;
        }
        if (next.done) {
          // A body cut mid-way can read as a clean end: without [DONE] or a finish_reason it is a break.
          if (!finished) {
            controller.enqueue({
              type: 'error',
              error: new APIConnectionError({
                message: `Connection error: the stream from ${llmProvider}/${model} ended before the response was complete`,
                llmProvider,
                model,
              }),
            });
          }
          controller.close();
          return;
        }
        const { parts, done } = partsForEvent(next.value, context);
        for (const part of parts) {
          if (part.type === 'chunk' && part.chunk.choices.some(choice => choice.finish_reason)) {
            finished = true;
          }
          controller.enqueue(part);
        }
        if (done) {
          finished = true;
          controller.close();
          await events.cancel().catch(() => undefined);
          return;
        }
        if (parts.length > 0) return;
      }
    },
    cancel(reason) {
      return events.cancel(reason);
    },
  });
}
