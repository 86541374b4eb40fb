import { readFileSync } from 'node:fs';
import { readAllEvents } from '@llmux/core/test';
import { describe, expect, it } from 'vitest';
import {
  BedrockEventStreamReader,
  decodeBedrockEventStreamFrame,
} from './bedrock-event-stream-reader.js';
import { EventStreamFramingError } from './event-stream-frame-buffer.js';
import {
  concatFrames,
  fixtureUrl,
  loadEventFrames,
  loadRecordedBody,
  withBadMessageCrc,
  withBadPreludeCrc,
} from './test-helpers/event-stream-frames.js';

const recordings = [
  'converse-stream-text',
  'converse-stream-tool-call',
  'converse-stream-reasoning',
];

function bodyOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('the recorded ConverseStream bodies', () => {
  it.each(recordings)('%s: the events re-encoded with the codec are the recorded bytes', name => {
    const encoded = concatFrames(loadEventFrames(`${name}.events.jsonl`));
    expect(Buffer.from(encoded).equals(Buffer.from(loadRecordedBody(`${name}.http.json`)))).toBe(
      true,
    );
  });

  it.each(recordings)('%s: decodes to the recorded events', async name => {
    const lines = readFileSync(fixtureUrl(`${name}.events.jsonl`), 'utf8')
      .split('\n')
      .filter(line => line !== '')
      .map(line => JSON.parse(line) as { headers: Record<string, string>; payload: unknown });

    const messages = await readAllEvents(
      new BedrockEventStreamReader(bodyOf(loadRecordedBody(`${name}.http.json`))),
    );

    expect(
      messages.map(message => ({
        eventType: message.eventType,
        messageType: message.messageType,
        payload: JSON.parse(message.payload),
      })),
    ).toEqual(
      lines.map(line => ({
        eventType: line.headers[':event-type'],
        messageType: line.headers[':message-type'],
        payload: line.payload,
      })),
    );
  });
});

describe('decodeBedrockEventStreamFrame', () => {
  it('reads an exception frame encoded by another implementation (vercel/ai fixture)', () => {
    const frame = Buffer.from(
      readFileSync(
        fixtureUrl('model-stream-error-exception.eventstream.base64.txt'),
        'utf8',
      ).trim(),
      'base64',
    );
    expect(decodeBedrockEventStreamFrame(new Uint8Array(frame))).toEqual({
      messageType: 'exception',
      eventType: undefined,
      exceptionType: 'modelStreamErrorException',
      errorCode: undefined,
      errorMessage: undefined,
      payload:
        '{"message":"Model Stream Error","originalStatusCode":500,"originalMessage":"The model stream failed."}',
    });
  });

  it('rejects a bad message CRC and a bad prelude CRC', () => {
    const [frame] = loadEventFrames('converse-stream-text.events.jsonl');
    expect(() => decodeBedrockEventStreamFrame(withBadMessageCrc(frame as Uint8Array))).toThrow(
      /Corrupted eventstream frame: The message checksum/,
    );
    expect(() => decodeBedrockEventStreamFrame(withBadPreludeCrc(frame as Uint8Array))).toThrow(
      /Corrupted eventstream frame: The prelude checksum/,
    );
  });
});

describe('BedrockEventStreamReader', () => {
  const frames = loadEventFrames('converse-stream-text.events.jsonl');

  it('keeps the good frames that arrived with a corrupted one, then fails', async () => {
    const reader = new BedrockEventStreamReader(
      bodyOf(concatFrames([frames[0] as Uint8Array, withBadMessageCrc(frames[1] as Uint8Array)])),
    );
    expect((await reader.read()).value?.eventType).toBe('messageStart');
    await expect(reader.read()).rejects.toThrow(EventStreamFramingError);
  });

  it('hands out the frames already received without a read, and leaves a corrupted one to read()', async () => {
    const reader = new BedrockEventStreamReader(
      bodyOf(
        concatFrames([
          frames[0] as Uint8Array,
          frames[1] as Uint8Array,
          withBadMessageCrc(frames[2] as Uint8Array),
        ]),
        frames[3] as Uint8Array,
      ),
    );
    expect(reader.readBuffered()).toBeUndefined();
    expect((await reader.read()).value?.eventType).toBe('messageStart');
    expect(reader.readBuffered()?.eventType).toBe(
      decodeBedrockEventStreamFrame(frames[1] as Uint8Array).eventType,
    );
    // The corrupted frame is not skipped: it stays for read(), which fails on it.
    expect(reader.readBuffered()).toBeUndefined();
    expect(reader.readBuffered()).toBeUndefined();
    await expect(reader.read()).rejects.toThrow(EventStreamFramingError);
  });

  it('fails when the body ends inside a frame', async () => {
    const first = frames[0] as Uint8Array;
    const reader = new BedrockEventStreamReader(bodyOf(first, first.subarray(0, 20)));
    expect((await reader.read()).value?.eventType).toBe('messageStart');
    await expect(reader.read()).rejects.toThrow(/ended inside a frame \(20 bytes left over\)/);
  });
});
