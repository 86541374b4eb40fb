import {
  type APIError,
  type ChatCompletionChunk,
  type ChatStreamPartV1,
  invalidStreamDataError,
  streamEndedEarlyError,
  translateEventStream,
} from '@llmux/core';
import { convertOllamaLogprobs } from './convert-ollama-logprobs.js';
import { convertOllamaToolCalls } from './convert-ollama-tool-calls.js';
import { convertOllamaUsage, toOpenAIUsage } from './convert-ollama-usage.js';
import { mapOllamaDoneReason } from './map-ollama-done-reason.js';
import { type NdjsonLine, ndjsonLineSource } from './ndjson-line-source.js';
import { type OllamaChatResponse, ollamaChatResponseSchema } from './ollama-api.js';
import { ollamaCreatedAt } from './ollama-created-at.js';
import { createOllamaBodyError } from './ollama-error.js';

interface StreamState {
  readonly id: string;
  readonly modelId: string;
  readonly llmProvider: string;
  readonly includeUsage: boolean;
  created: number | undefined;
  model: string | undefined;
  roleSent: boolean;
  toolCallCount: number;
}

type LineResult = { parts: ChatStreamPartV1[]; done: boolean };

function isJsonObject(payload: unknown): payload is Record<string, unknown> {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload);
}

function context(state: StreamState) {
  return { llmProvider: state.llmProvider, model: state.modelId };
}

function endWithError(error: APIError): LineResult {
  return { parts: [{ type: 'error', error }], done: true };
}

function invalidLine(reason: string, line: string, state: StreamState): LineResult {
  return endWithError(invalidStreamDataError(context(state), reason, line));
}

function chunkOf(
  state: StreamState,
  choices: ChatCompletionChunk['choices'],
  extra?: Partial<ChatCompletionChunk>,
): ChatCompletionChunk {
  return {
    id: state.id,
    object: 'chat.completion.chunk',
    created: state.created ?? ollamaCreatedAt(undefined),
    model: state.model ?? state.modelId,
    choices,
    ...extra,
  };
}

/** The delta one NDJSON object carries, if any: tool calls arrive whole, so each is one delta. */
function deltaChunk(line: OllamaChatResponse, state: StreamState): ChatCompletionChunk | undefined {
  const delta: ChatCompletionChunk['choices'][number]['delta'] = {};
  const content = line.message?.content ?? '';
  if (!state.roleSent) {
    delta.role = 'assistant';
    delta.content = content;
    state.roleSent = true;
  } else if (content !== '') {
    delta.content = content;
  }
  if (line.message?.thinking) delta.reasoning_content = line.message.thinking;
  const toolCalls = line.message?.tool_calls ?? [];
  if (toolCalls.length > 0) {
    const first = state.toolCallCount;
    delta.tool_calls = convertOllamaToolCalls(toolCalls, first).map((call, offset) => ({
      index: first + offset,
      ...call,
    }));
    state.toolCallCount += toolCalls.length;
  }
  const logprobs = convertOllamaLogprobs(line.logprobs);
  if (Object.keys(delta).length === 0 && !logprobs) return undefined;
  return chunkOf(state, [
    { index: 0, delta, finish_reason: null, ...(logprobs ? { logprobs } : {}) },
  ]);
}

function partsForLine({ text, terminated }: NdjsonLine, state: StreamState): LineResult {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    // The last line of a body that stopped mid-object is a broken connection, not bad data.
    return terminated
      ? invalidLine('not JSON', text, state)
      : endWithError(streamEndedEarlyError(context(state)));
  }
  if (!isJsonObject(payload)) return invalidLine('not a JSON object', text, state);
  if (payload.error !== undefined && payload.error !== null) {
    return endWithError(createOllamaBodyError({ body: payload, context: context(state) }));
  }
  const parsed = ollamaChatResponseSchema.safeParse(payload);
  if (!parsed.success) {
    return invalidLine(parsed.error.issues[0]?.message ?? 'unexpected shape', text, state);
  }
  const line = parsed.data;
  state.created ??= ollamaCreatedAt(line.created_at);
  state.model ??= line.model || undefined;

  const parts: ChatStreamPartV1[] = [];
  const delta = deltaChunk(line, state);
  if (delta) parts.push({ type: 'chunk', chunk: delta });
  if (line.done !== true) return { parts, done: false };

  const finishReason = mapOllamaDoneReason(line.done_reason, state.toolCallCount > 0);
  parts.push({
    type: 'chunk',
    chunk: chunkOf(state, [{ index: 0, delta: {}, finish_reason: finishReason }]),
  });
  const usage = convertOllamaUsage(line);
  if (state.includeUsage) {
    parts.push({ type: 'chunk', chunk: chunkOf(state, [], { usage: toOpenAIUsage(usage) }) });
  }
  parts.push({ type: 'usage', usage });
  return { parts, done: true };
}

/**
 * Turns an Ollama NDJSON body into OpenAI chunk parts: role on the first chunk, a finish
 * chunk and (with `include_usage`) a usage chunk from the final `done: true` object, then a
 * `usage` part. An `{"error": …}` line, a broken connection or a body that ends before
 * `done: true` becomes an `error` part; the caller's abort errors the stream; cancelling
 * the stream cancels the upstream body.
 */
export function createOllamaStreamParts({
  body,
  abortSignal,
  id,
  llmProvider,
  modelId,
  includeUsage,
}: {
  body: ReadableStream<Uint8Array>;
  abortSignal: AbortSignal | undefined;
  id: string;
  llmProvider: string;
  modelId: string;
  includeUsage: boolean;
}): ReadableStream<ChatStreamPartV1> {
  const state: StreamState = {
    id,
    modelId,
    llmProvider,
    includeUsage,
    created: undefined,
    model: undefined,
    roleSent: false,
    toolCallCount: 0,
  };
  // Ollama always ends with a `done: true` object (a `done` outcome): a body that ends
  // without it was cut, and ends with the helper's premature-end error.
  return translateEventStream({
    events: ndjsonLineSource(body),
    translator: { translate: line => partsForLine(line, state) },
    llmProvider,
    model: modelId,
    abortSignal,
  });
}
