import { createParser } from 'eventsource-parser';
import type { StreamEventSource } from '../provider/translate-event-stream.js';

export interface ServerSentEvent {
  event: string | undefined;
  data: string;
  id: string | undefined;
}

/**
 * Reads `text/event-stream` events from a body, one `read()` at a time (named events,
 * multi-line data and CRLF all handled), for `translateEventStream`. Bytes are decoded and
 * parsed in place, without a chain of web TransformStreams: each of those costs promises
 * per chunk. An event left incomplete when the body ends is dropped.
 */
export function sseEventSource(
  body: ReadableStream<Uint8Array>,
): StreamEventSource<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let queue: ServerSentEvent[] = [];
  let head = 0;
  const parser = createParser({
    onEvent(event) {
      queue.push({ event: event.event, data: event.data, id: event.id });
    },
  });
  return {
    async read() {
      while (head === queue.length) {
        if (queue.length > 0) {
          queue = [];
          head = 0;
        }
        const next = await reader.read();
        if (next.done) {
          parser.feed(decoder.decode());
          if (queue.length === 0) return { done: true, value: undefined };
          break;
        }
        parser.feed(decoder.decode(next.value, { stream: true }));
      }
      const event = queue[head] as ServerSentEvent;
      head += 1;
      return { done: false, value: event };
    },
    readBuffered() {
      if (head === queue.length) return undefined;
      const event = queue[head];
      head += 1;
      return event;
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  };
}

/** The events of a `text/event-stream` body as a web stream (see `sseEventSource`). */
export function parseSseStream(body: ReadableStream<Uint8Array>): ReadableStream<ServerSentEvent> {
  const events = sseEventSource(body);
  return new ReadableStream<ServerSentEvent>({
    async pull(controller) {
      const next = await events.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return events.cancel(reason);
    },
  });
}
