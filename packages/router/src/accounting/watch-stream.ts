import type { CompletionStream } from '@llmux/core';
import type { CallResult } from '../routed-call.js';

/** A streamed completion (it has `done` and `parts`), as against a response or an embedding. */
export function isCompletionStream(value: CallResult): value is CompletionStream {
  return typeof (value as { done?: unknown }).done === 'object' && 'parts' in value;
}

/** Watches a stream as it is read: its first chunk (time to first token) and an error part. */
export function watchStream(
  stream: CompletionStream,
  on: { onFirstChunk?: (() => void) | undefined; onError: (error: unknown) => void },
): void {
  let first = true;
  stream.watch(part => {
    if (first && part.type === 'chunk') {
      first = false;
      on.onFirstChunk?.();
    }
    if (part.type === 'error') on.onError(part.error);
  });
}
