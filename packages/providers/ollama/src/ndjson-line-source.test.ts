import { readAllEvents } from '@llmux/core/test';
import { describe, expect, it } from 'vitest';
import { type NdjsonLine, ndjsonLineSource } from './ndjson-line-source.js';

function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

function readAll(body: ReadableStream<Uint8Array>): Promise<NdjsonLine[]> {
  return readAllEvents(ndjsonLineSource(body));
}

describe('ndjsonLineSource', () => {
  it('joins a line cut across reads, even inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode('{"a":"17 × 23"}\n{"b":2}\n');
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of "×"
    const lines = await readAll(bodyOf([bytes.slice(0, 3), bytes.slice(3, cut), bytes.slice(cut)]));

    expect(lines).toEqual([
      { text: '{"a":"17 × 23"}', terminated: true },
      { text: '{"b":2}', terminated: true },
    ]);
  });

  it('splits several lines in one read, skips blank lines and flushes an unterminated tail', async () => {
    const lines = await readAll(
      bodyOf([new TextEncoder().encode('{"a":1}\r\n\n  \n{"b":2}\n{"c":')]),
    );

    expect(lines).toEqual([
      { text: '{"a":1}', terminated: true },
      { text: '{"b":2}', terminated: true },
      { text: '{"c":', terminated: false },
    ]);
  });

  it('ends with a terminated last line when the body ends with a line break', async () => {
    const lines = await readAll(bodyOf([new TextEncoder().encode('{"a":1}\n{"b":2}\n')]));
    expect(lines).toEqual([
      { text: '{"a":1}', terminated: true },
      { text: '{"b":2}', terminated: true },
    ]);
  });

  it('hands out the lines already received without a read, and none beyond them', async () => {
    const encoder = new TextEncoder();
    const lines = ndjsonLineSource(
      bodyOf([encoder.encode('{"a":1}\n{"b":2}\n{"c":'), encoder.encode('3}\n')]),
    );
    expect(lines.readBuffered?.()).toBeUndefined();
    const first = await lines.read();
    expect(first.done === false && first.value.text).toBe('{"a":1}');
    expect(lines.readBuffered?.()?.text).toBe('{"b":2}');
    // `{"c":` waits for the rest of its line in the next read.
    expect(lines.readBuffered?.()).toBeUndefined();
    const third = await lines.read();
    expect(third.done === false && third.value).toEqual({ text: '{"c":3}', terminated: true });
    expect((await lines.read()).done).toBe(true);
    expect((await lines.read()).done).toBe(true);
  });
});
