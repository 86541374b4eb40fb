export interface NdjsonLine {
  text: string;
  /** False for a last line the body ended without a line break after: maybe cut short. */
  terminated: boolean;
}

/**
 * Splits an `application/x-ndjson` body into its lines (trimmed, blank lines skipped). A
 * line may arrive across several network reads, or several lines in one: the tail after
 * the last break waits for the next read, and is flushed when the body ends.
 */
export function parseNdjsonStream(body: ReadableStream<Uint8Array>): ReadableStream<NdjsonLine> {
  let buffer = '';
  return body
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .pipeThrough(
      new TransformStream<string, NdjsonLine>({
        transform(text, controller) {
          buffer += text;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) {
            const trimmed = line.trim();
            if (trimmed !== '') controller.enqueue({ text: trimmed, terminated: true });
          }
        },
        flush(controller) {
          const trimmed = buffer.trim();
          if (trimmed !== '') controller.enqueue({ text: trimmed, terminated: false });
          buffer = '';
        },
      }),
    );
}
