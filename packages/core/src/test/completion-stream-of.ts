import type { ChatCompletionChunk } from '../openai/chat-completion-chunk.js';
import type { ChatStreamPartV1 } from '../provider/provider-v1.js';
import { CompletionStream, type CompletionStreamInit } from '../sdk/completion-stream.js';

/** A call target for `openai/gpt-4o-mini` with no settings, as tests of a stream's readers need. */
const testTarget = {
  model: 'openai/gpt-4o-mini',
  provider: 'openai',
  modelId: 'gpt-4o-mini',
  settings: {},
  options: {},
  customPrice: undefined,
} as unknown as CompletionStreamInit['target'];

/**
 * A `CompletionStream` over the given parts (all queued at once), or over a source that
 * produces them when pulled, for tests of what reads a stream (the proxy's SSE writers).
 */
export function completionStreamOf(
  parts: ChatStreamPartV1[] | UnderlyingDefaultSource<ChatStreamPartV1>,
): CompletionStream {
  const source: UnderlyingDefaultSource<ChatStreamPartV1> = Array.isArray(parts)
    ? {
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }
    : parts;
  return new CompletionStream({
    stream: new ReadableStream(source, { highWaterMark: 0 }),
    target: testTarget,
    headers: {},
    promptTokenEstimate: 3,
    attemptedRetries: 0,
    attemptedFallbacks: 0,
    onFinish: () => undefined,
  });
}

/**
 * A streamed text chunk as an OpenAI-wire adapter hands it on, `rawData` included; `extra`
 * overrides any of its fields.
 */
export function textChunkPart(
  content: string,
  extra: Partial<ChatCompletionChunk> = {},
): ChatStreamPartV1 {
  const chunk: ChatCompletionChunk = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
    ...extra,
  };
  return { type: 'chunk', chunk, rawData: JSON.stringify(chunk) };
}
