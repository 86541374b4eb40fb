import { describe, expect, it } from 'vitest';
import { convertReadableStreamToArray } from '../test/convert-readable-stream-to-array.js';
import { readAllEvents } from '../test/read-all-events.js';
import { parseSseStream, type ServerSentEvent, sseEventSource } from './parse-sse-stream.js';

function bodyOf(chunks: Array<string | Uint8Array>): {
  body: ReadableStream<Uint8Array>;
  cancelled: () => unknown;
} {
  const encoder = new TextEncoder();
  let cancelReason: unknown = 'not cancelled';
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    },
    cancel(reason) {
      cancelReason = reason;
    },
  });
  return { body, cancelled: () => cancelReason };
}

function readAll(body: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  return readAllEvents(sseEventSource(body));
}

describe('sseEventSource', () => {
  it('parses events split anywhere, named events, multi-line data, CRLF and comments', async () => {
    const euro = new TextEncoder().encode('data: {"t":"€"}\n\n');
    const { body } = bodyOf([
      ': keep-alive\n\nda',
      'ta: {"a":1}\n',
      '\nevent: message_start\r\ndata: line one\r\ndata: line two\r\n\r\n',
      euro.slice(0, 13),
      euro.slice(13),
      'id: 7\ndata: [DONE]\n\n',
    ]);
    expect(await readAll(body)).toEqual([
      { event: undefined, data: '{"a":1}', id: undefined },
      { event: 'message_start', data: 'line one\nline two', id: undefined },
      { event: undefined, data: '{"t":"€"}', id: undefined },
      { event: undefined, data: '[DONE]', id: '7' },
    ]);
  });

  it('answers one event per read when a chunk holds several, and drops an unfinished last event', async () => {
    const { body } = bodyOf(['data: 1\n\ndata: 2\n\ndata: 3\n\n', 'data: cut']);
    const events = sseEventSource(body);
    expect((await events.read()).value?.data).toBe('1');
    expect((await events.read()).value?.data).toBe('2');
    expect((await events.read()).value?.data).toBe('3');
    expect((await events.read()).done).toBe(true);
  });

  it('hands out the events already parsed without a read, and none beyond them', async () => {
    const events = sseEventSource(
      bodyOf(['data: 1\n\ndata: 2\n\ndata: 3\n\n', 'data: 4\n\n']).body,
    );
    expect(events.readBuffered?.()).toBeUndefined();
    const first = await events.read();
    expect(first.done === false && first.value.data).toBe('1');
    expect(events.readBuffered?.()?.data).toBe('2');
    expect(events.readBuffered?.()?.data).toBe('3');
    // The next chunk of the body has not been read yet.
    expect(events.readBuffered?.()).toBeUndefined();
    const fourth = await events.read();
    expect(fourth.done === false && fourth.value.data).toBe('4');
    expect((await events.read()).done).toBe(true);
  });

  it('cancel reaches the body', async () => {
    const { body, cancelled } = bodyOf(['data: 1\n\n', 'data: 2\n\n']);
    const events = sseEventSource(body);
    await events.read();
    await events.cancel('client gone');
    expect(cancelled()).toBe('client gone');
  });

  it('parseSseStream gives the same events as a web stream', async () => {
    const { body } = bodyOf(['event: ping\ndata: {}\n\n', 'data: x\n\n']);
    expect(await convertReadableStreamToArray(parseSseStream(body))).toEqual([
      { event: 'ping', data: '{}', id: undefined },
      { event: undefined, data: 'x', id: undefined },
    ]);
  });
});
