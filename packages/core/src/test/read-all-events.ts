import type { StreamEventSource } from '../provider/translate-event-stream.js';

/** Every event a source gives, read one `read()` at a time until `done`. */
export async function readAllEvents<EVENT>(
  source: Pick<StreamEventSource<EVENT>, 'read'>,
): Promise<EVENT[]> {
  const events: EVENT[] = [];
  while (true) {
    const next = await source.read();
    if (next.done) return events;
    events.push(next.value);
  }
}
