import type { ChatCompletionChunk } from '@llmux/core';

/**
 * Azure's prompt-filter chunk (the first of a stream) and its asynchronous-filter annotation
 * chunks come with `object: ""` and `model: ""`; they get OpenAI's `chat.completion.chunk` and
 * the deployment name. Their filter results stay. Other chunks come back as they are.
 */
export function normalizeAzureChunk(
  chunk: ChatCompletionChunk,
  deployment: string,
): ChatCompletionChunk {
  if (chunk.object !== '' && chunk.model !== '') return chunk;
  return {
    ...chunk,
    object: chunk.object || 'chat.completion.chunk',
    model: chunk.model || deployment,
  };
}
