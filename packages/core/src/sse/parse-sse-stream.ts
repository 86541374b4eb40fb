import { EventSourceParserStream } from 'eventsource-parser/stream';

export interface ServerSentEvent {
  event: string | undefined;
  data: string;
  id: string | undefined;
}

/** Decodes a `text/event-stream` body into events (named events, multi-line data, CRLF all handled). */
export function parseSseStream(body: ReadableStream<Uint8Array>): ReadableStream<ServerSentEvent> {
  return body
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .pipeThrough(new EventSourceParserStream())
    .pipeThrough(
      new TransformStream({
        transform(event, controller) {
          controller.enqueue({ event: event.event, data: event.data, id: event.id });
        },
      }),
    );
}
