import { describe, expect, it } from 'vitest';
import { APIConnectionError } from '../errors/api-connection-error.js';
import { APITimeoutError } from '../errors/api-timeout-error.js';
import { convertReadableStreamToArray } from '../test/convert-readable-stream-to-array.js';
import type { ChatStreamPartV1 } from './provider-v1.js';
import { type StreamEventTranslator, translateEventStream } from './translate-event-stream.js';

const llmProvider = 'acme';
const model = 'm-1';

function chunkPart(text: string): ChatStreamPartV1 {
  return {
    type: 'chunk',
    chunk: {
      id: 'c',
      object: 'chat.completion.chunk',
      created: 0,
      model,
      choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
    },
  };
}

/** `skip` yields nothing, `stop` is finished, `end` is done, anything else one chunk. */
const translator: StreamEventTranslator<string> = {
  translate(event) {
    if (event === 'skip') return { parts: [] };
    if (event === 'stop') return { parts: [chunkPart('.')], finished: true };
    if (event === 'end') return { parts: [chunkPart('!')], done: true };
    return { parts: [chunkPart(event)] };
  },
};

/**
 * The helper over `events` handed out one per read, then a read failing with `failWith` (or
 * the end); `log` records the reads and cancels it sees.
 */
function run(
  events: string[],
  {
    failWith,
    ...options
  }: Partial<Parameters<typeof translateEventStream<string>>[0]> & { failWith?: unknown } = {},
) {
  const log = { reads: 0, cancels: [] as unknown[] };
  const queue = [...events];
  const stream = translateEventStream<string>({
    events: {
      async read() {
        log.reads += 1;
        const value = queue.shift();
        if (value !== undefined) return { done: false, value };
        if (failWith !== undefined) throw failWith;
        return { done: true, value: undefined };
      },
      async cancel(reason) {
        log.cancels.push(reason);
      },
    },
    translator,
    llmProvider,
    model,
    abortSignal: undefined,
    ...options,
  });
  return { stream, log };
}

/** Chunk texts, and the class name of each error part. */
async function summary(stream: ReadableStream<ChatStreamPartV1>) {
  const parts = await convertReadableStreamToArray(stream);
  return parts.map(part => {
    if (part.type === 'chunk') return part.chunk.choices[0]?.delta.content;
    if (part.type === 'error') return `${part.error.constructor.name}: ${part.error.message}`;
    return part.type;
  });
}

function aborted(reason: Error): AbortSignal {
  const controller = new AbortController();
  controller.abort(reason);
  return controller.signal;
}

describe('translateEventStream', () => {
  it('passes on the parts of each event and ends cleanly after a finished outcome', async () => {
    const { stream } = run(['a', 'skip', 'b', 'stop']);
    expect(await summary(stream)).toEqual(['a', 'b', '.']);
  });

  it('turns a failed read into one final error part and cancels the source', async () => {
    const { stream, log } = run(['a'], { failWith: new TypeError('terminated') });
    expect(await summary(stream)).toEqual([
      'a',
      'APIConnectionError: Connection error calling acme/m-1: terminated',
    ]);
    expect(log.cancels).toHaveLength(1);
  });

  it('maps a timeout of the signal to APITimeoutError', async () => {
    const { stream } = run([], {
      failWith: new DOMException('aborted', 'AbortError'),
      abortSignal: aborted(new DOMException('timed out', 'TimeoutError')),
    });
    const parts = await convertReadableStreamToArray(stream);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.type === 'error' && parts[0].error).toBeInstanceOf(APITimeoutError);
  });

  it("errors the stream with the caller's own abort", async () => {
    const abort = new DOMException('aborted', 'AbortError');
    const { stream } = run(['a'], { failWith: abort, abortSignal: aborted(abort) });
    await expect(convertReadableStreamToArray(stream)).rejects.toBe(abort);
  });

  it('lets readError map a failure first', async () => {
    const corrupted = new APIConnectionError({ message: 'corrupted', llmProvider, model });
    const { stream } = run([], {
      failWith: new RangeError('bad crc'),
      readError: error => (error instanceof RangeError ? corrupted : undefined),
    });
    expect(await convertReadableStreamToArray(stream)).toEqual([
      { type: 'error', error: corrupted },
    ]);
  });

  it('ends a body cut before a finished outcome with an APIConnectionError part', async () => {
    const { stream } = run(['a', 'b']);
    expect(await summary(stream)).toEqual([
      'a',
      'b',
      'APIConnectionError: Connection error: the stream from acme/m-1 ended before the response was complete',
    ]);
  });

  it("ends with the translator's end() parts when it has one", async () => {
    const { stream } = run(['a'], { translator: { ...translator, end: () => [chunkPart('$')] } });
    expect(await summary(stream)).toEqual(['a', '$']);
  });

  it('closes on a done outcome and cancels a source that goes on after it', async () => {
    const { stream, log } = run(['a', 'end', 'b', 'c']);
    expect(await summary(stream)).toEqual(['a', '!']);
    await new Promise(resolve => setImmediate(resolve));
    // One read past the done event finds `b`: the source is cancelled, `c` never read.
    expect(log.reads).toBe(3);
    expect(log.cancels).toEqual([undefined]);
  });

  it('reads a source that ends with its done event to the end instead of cancelling it', async () => {
    const { stream, log } = run(['a', 'end']);
    expect(await summary(stream)).toEqual(['a', '!']);
    await new Promise(resolve => setImmediate(resolve));
    expect(log.reads).toBe(3);
    expect(log.cancels).toEqual([]);
  });

  it('cancels a source still open once the turn of the done event is over', async () => {
    const cancels: unknown[] = [];
    const queue = ['a', 'end'];
    let pending: (() => void) | undefined;
    const stream = translateEventStream<string>({
      events: {
        read() {
          const value = queue.shift();
          if (value !== undefined) return Promise.resolve({ done: false, value });
          // The body has not ended: the read waits until it is cancelled.
          return new Promise(resolve => {
            pending = () => resolve({ done: true, value: undefined });
          });
        },
        async cancel(reason) {
          cancels.push(reason);
          pending?.();
        },
      },
      translator,
      llmProvider,
      model,
      abortSignal: undefined,
    });
    expect(await summary(stream)).toEqual(['a', '!']);
    await new Promise(resolve => setImmediate(resolve));
    expect(cancels).toEqual([undefined]);
  });

  it('forwards cancel to the source', async () => {
    const { stream, log } = run(['a', 'b']);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel('client gone');
    expect(log.cancels).toEqual(['client gone']);
  });

  it('reads only as far as needed: each pull enqueues at least one part or ends', async () => {
    const { stream, log } = run(['skip', 'skip', 'a', 'b', 'c']);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.value?.type === 'chunk' && first.value.chunk.choices[0]?.delta.content).toBe('a');
    // The first pull went through the skipped events to `a`; the stream's buffer (high-water
    // mark 1) then asks for one more part, and no more.
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(log.reads).toBe(4);
    reader.releaseLock();
  });

  it('translates the events a source has already parsed in the same pull, without reading on', async () => {
    const log = { reads: 0, buffered: 0 };
    // Two upstream reads: the first carries three events, the second two and the end.
    const reads = [
      ['a', 'skip', 'b'],
      ['c', 'end'],
    ];
    let buffer: string[] = [];
    const stream = translateEventStream<string>({
      events: {
        async read() {
          log.reads += 1;
          buffer = reads.shift() ?? [];
          const value = buffer.shift();
          return value === undefined ? { done: true, value: undefined } : { done: false, value };
        },
        readBuffered() {
          const value = buffer.shift();
          if (value !== undefined) log.buffered += 1;
          return value;
        },
        async cancel() {},
      },
      translator,
      llmProvider,
      model,
      abortSignal: undefined,
    });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.value?.type === 'chunk' && first.value.chunk.choices[0]?.delta.content).toBe('a');
    await new Promise(resolve => setTimeout(resolve, 0));
    // One read for the first three events; the second upstream read waits for the consumer.
    expect(log).toEqual({ reads: 1, buffered: 2 });
    reader.releaseLock();
    expect(await summary(stream)).toEqual(['b', 'c', '!']);
    // The third read, after the done event, finds the body's end (see above).
    expect(log).toEqual({ reads: 3, buffered: 3 });
  });
});
