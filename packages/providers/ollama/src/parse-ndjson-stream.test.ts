import { convertReadableStreamToArray } from '@llmux/core/test';
import { describe, expect, it } from 'vitest';
import { parseNdjsonStream } from './parse-ndjson-stream.js';

function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('parseNdjsonStream', () => {
  it('joins a line cut across reads, even inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode('{"a":"17 × 23"}\n{"b":2}\n');
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of "×"
    const lines = await convertReadableStreamToArray(
      parseNdjsonStream(bodyOf([bytes.slice(0, 3), bytes.slice(3, cut), bytes.slice(cut)])),
    );

    expect(lines).toEqual([
      { text: '{"a":"17 × 23"}', terminated: true },
      { text: '{"b":2}', terminated: true },
    ]);
  });

  it('splits several lines in one read, skips blank lines and flushes an unterminated tail', async () => {
    const lines = await convertReadableStreamToArray(
      parseNdjsonStream(bodyOf([new TextEncoder().encode('{"a":1}\r\n\n  \n{"b":2}\n{"c":')])),
    );

    expect(lines).toEqual([
      { text: '{"a":1}', terminated: true },
      { text: '{"b":2}', terminated: true },
      { text: '{"c":', terminated: false },
    ]);
  });
});
