import type { StreamEventSource } from '@llmux/core';

export interface NdjsonLine {
  text: string;
  /** False for a last line the body ended without a line break after: maybe cut short. */
  terminated: boolean;
}

/**
 * Reads the lines of an `application/x-ndjson` body one at a time (trimmed, blank lines
 * skipped), for `translateEventStream`. A line may arrive across several network reads, or
 * several lines in one: the tail after the last break waits for the next read, and is
 * given when the body ends. Decoded and split in place, without web TransformStreams.
 */
export function ndjsonLineSource(body: ReadableStream<Uint8Array>): StreamEventSource<NdjsonLine> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let tail = '';
  let lines: NdjsonLine[] = [];
  let head = 0;
  let ended = false;
  const split = (text: string, final: boolean): void => {
    const parts = (tail + text).split('\n');
    tail = final ? '' : (parts.pop() ?? '');
    lines = [];
    head = 0;
    for (const [index, part] of parts.entries()) {
      const trimmed = part.trim();
      if (trimmed === '') continue;
      // At the end, the last piece had no line break after it.
      lines.push({ text: trimmed, terminated: !(final && index === parts.length - 1) });
    }
  };
  const readBuffered = (): NdjsonLine | undefined => {
    if (head === lines.length) return undefined;
    const line = lines[head];
    head += 1;
    return line;
  };
  return {
    async read() {
      while (head === lines.length) {
        if (ended) return { done: true, value: undefined };
        const next = await reader.read();
        if (next.done) {
          ended = true;
          split(decoder.decode(), true);
        } else {
          split(decoder.decode(next.value, { stream: true }), false);
        }
      }
      return { done: false, value: readBuffered() as NdjsonLine };
    },
    readBuffered,
    cancel(reason) {
      return reader.cancel(reason);
    },
  };
}
