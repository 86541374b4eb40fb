import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { EventStreamFrameBuffer, EventStreamFramingError } from './event-stream-frame-buffer.js';

/** One decoded frame of a ConverseStream body. */
export interface BedrockEventStreamMessage {
  /** `:message-type`: `event`, `exception`, or `error` (a transport-level error). */
  messageType: string;
  /** `:event-type` of an event (`messageStart`, `contentBlockDelta` …). */
  eventType: string | undefined;
  /** `:exception-type` of an exception (`throttlingException` …). */
  exceptionType: string | undefined;
  /** `:error-code` / `:error-message` of an `error` message. */
  errorCode: string | undefined;
  errorMessage: string | undefined;
  /** The payload as text (JSON for Converse). */
  payload: string;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const noBytes = new Uint8Array(0);

function stringHeader(headers: MessageHeaders, name: string): string | undefined {
  const header = headers[name];
  return header?.type === 'string' ? header.value : undefined;
}

/** Decodes one whole frame; a prelude or message CRC mismatch throws `EventStreamFramingError`. */
export function decodeBedrockEventStreamFrame(frame: Uint8Array): BedrockEventStreamMessage {
  let decoded: ReturnType<EventStreamCodec['decode']>;
  try {
    decoded = codec.decode(frame);
  } catch (error) {
    throw new EventStreamFramingError(
      `Corrupted eventstream frame: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const { headers, body } = decoded;
  return {
    messageType: stringHeader(headers, ':message-type') ?? 'event',
    eventType: stringHeader(headers, ':event-type'),
    exceptionType: stringHeader(headers, ':exception-type'),
    errorCode: stringHeader(headers, ':error-code'),
    errorMessage: stringHeader(headers, ':error-message'),
    payload: toUtf8(body),
  };
}

/**
 * Reads decoded eventstream messages from a response body, one at a time, buffering across
 * chunk boundaries. Errors from the body (a reset, an abort) are re-thrown as they are;
 * bad framing or CRCs throw `EventStreamFramingError`, and so does a body that ends inside
 * a frame.
 */
export class BedrockEventStreamReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly frames = new EventStreamFrameBuffer();
  /** Whole frames not yet decoded: a bad CRC must not swallow the good frames before it. */
  private readonly queue: Uint8Array[] = [];

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  async read(): Promise<ReadableStreamReadResult<BedrockEventStreamMessage>> {
    while (this.queue.length === 0) {
      // Re-checks what is buffered first, so a bad prelude fails without waiting for more bytes.
      this.queue.push(...this.frames.push(noBytes));
      if (this.queue.length > 0) break;
      const next = await this.reader.read();
      if (next.done) {
        if (this.frames.pendingBytes > 0) {
          throw new EventStreamFramingError(
            `The eventstream ended inside a frame (${this.frames.pendingBytes} bytes left over)`,
          );
        }
        return { done: true, value: undefined };
      }
      this.queue.push(...this.frames.push(next.value));
    }
    const frame = this.queue.shift() as Uint8Array;
    return { done: false, value: decodeBedrockEventStreamFrame(frame) };
  }

  /**
   * The next message among the whole frames already received, or undefined. A frame that does
   * not decode stays queued, so `read()` reports it in its turn (this never throws).
   */
  readBuffered(): BedrockEventStreamMessage | undefined {
    const frame = this.queue[0];
    if (frame === undefined) return undefined;
    let message: BedrockEventStreamMessage;
    try {
      message = decodeBedrockEventStreamFrame(frame);
    } catch {
      return undefined;
    }
    this.queue.shift();
    return message;
  }

  cancel(reason?: unknown): Promise<void> {
    return this.reader.cancel(reason);
  }
}
