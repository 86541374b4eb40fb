import { APIConnectionError } from '../errors/api-connection-error.js';
import { APIError } from '../errors/api-error.js';
import { toUpstreamError } from '../utils/fetch-upstream.js';
import type { ChatStreamPartV1 } from './provider-v1.js';

/** Where the upstream events come from: a stream reader, or anything that reads like one. */
export interface StreamEventSource<EVENT> {
  read(): Promise<ReadableStreamReadResult<EVENT>>;
  cancel(reason?: unknown): Promise<void>;
  /**
   * The next event already parsed from the bytes received, or undefined when none is: lets
   * the events of one upstream read be translated together, without a promise each.
   */
  readBuffered?(): EVENT | undefined;
}

/** What one upstream event becomes. */
export interface StreamEventOutcome {
  /** The parts to pass on (none for a ping, a comment, an event still being assembled). */
  parts: ChatStreamPartV1[];
  /** The stream is over after these parts: it closes and the upstream body is cancelled. */
  done?: boolean | undefined;
  /** The response is complete (a stop reason came), so a body that ends now ends cleanly. */
  finished?: boolean | undefined;
}

/** Turns a provider's upstream events into stream parts, one event at a time. */
export interface StreamEventTranslator<EVENT> {
  translate(event: EVENT): StreamEventOutcome;
  /**
   * The last parts when the body ends without a `done` outcome. Without `end`, a body that
   * ends before any outcome was `finished` yields one `streamEndedEarlyError` part.
   */
  end?(): ChatStreamPartV1[];
}

/** Whose stream it is, as the errors name it. */
export interface StreamErrorContext {
  llmProvider: string;
  model: string;
}

/** The error for a body that ended before the response was complete (a cut connection). */
export function streamEndedEarlyError({
  llmProvider,
  model,
}: StreamErrorContext): APIConnectionError {
  return new APIConnectionError({
    message: `Connection error: the stream from ${llmProvider}/${model} ended before the response was complete`,
    llmProvider,
    model,
  });
}

/** The error for an event that is not what the protocol promises (not JSON, a wrong shape). */
export function invalidStreamDataError(
  { llmProvider, model }: StreamErrorContext,
  reason: string,
  data: string,
): APIError {
  return new APIError({
    message: `Invalid stream data from ${llmProvider}/${model}: ${reason}`,
    llmProvider,
    model,
    body: data,
  });
}

/**
 * After the protocol's last event. A body that has ended by the end of this turn of the event
 * loop is read to its end; one that goes on is cancelled. (undici builds an abort error, with
 * its stack, for a body destroyed before its end was read: most bodies end with their last
 * event, and a stream's CPU should not go on an error nobody reads.)
 */
async function releaseAfterLastEvent<EVENT>(events: StreamEventSource<EVENT>): Promise<void> {
  const ended = await Promise.race([
    events.read().then(
      next => next.done,
      () => false,
    ),
    new Promise<false>(resolve => setImmediate(resolve, false)),
  ]);
  if (!ended) await events.cancel().catch(() => undefined);
}

/**
 * The pull loop every streaming adapter shares: reads upstream events one at a time and
 * passes each to `translator`, so nothing is read ahead of what the consumer pulls (a pull
 * reads until it has enqueued at least one part, or the stream has ended). Events the source
 * has already parsed (`readBuffered`) are translated in the same pull.
 *
 * - A read that fails becomes one final `error` part (`readError` first, then
 *   `toUpstreamError`: a timeout, a broken connection) and cancels `events`; the caller's
 *   own abort errors the stream instead.
 * - An outcome with `done` closes the stream and cancels `events` (unless the body has ended).
 * - The end of the body yields `translator.end()`, or, without `end`, an
 *   `APIConnectionError` part unless some outcome was `finished`.
 * - Cancelling the returned stream cancels `events`.
 */
export function translateEventStream<EVENT>({
  events,
  translator,
  llmProvider,
  model,
  abortSignal,
  readError,
}: {
  events: StreamEventSource<EVENT>;
  translator: StreamEventTranslator<EVENT>;
  llmProvider: string;
  model: string;
  abortSignal: AbortSignal | undefined;
  /** Maps a read failure the provider knows better (a corrupted frame) to its error. */
  readError?: ((error: unknown) => APIError | undefined) | undefined;
}): ReadableStream<ChatStreamPartV1> {
  let finished = false;
  return new ReadableStream<ChatStreamPartV1>({
    async pull(controller) {
      while (true) {
        let next: ReadableStreamReadResult<EVENT>;
        try {
          next = await events.read();
        } catch (error) {
          const upstreamError =
            readError?.(error) ?? toUpstreamError(error, abortSignal, llmProvider, model);
          if (!APIError.isInstance(upstreamError)) {
            controller.error(upstreamError);
            return;
          }
          controller.enqueue({ type: 'error', error: upstreamError as APIError });
          controller.close();
          await events.cancel().catch(() => undefined);
          return;
        }
        if (next.done) {
          // A body cut mid-way can read as a clean end: unless the response finished, it is a break.
          const last = translator.end
            ? translator.end()
            : finished
              ? []
              : [{ type: 'error' as const, error: streamEndedEarlyError({ llmProvider, model }) }];
          for (const part of last) controller.enqueue(part);
          controller.close();
          return;
        }
        let event: EVENT | undefined = next.value;
        let enqueued = false;
        while (event !== undefined) {
          const outcome = translator.translate(event);
          if (outcome.finished) finished = true;
          for (const part of outcome.parts) controller.enqueue(part);
          if (outcome.done) {
            controller.close();
            await releaseAfterLastEvent(events);
            return;
          }
          if (outcome.parts.length > 0) enqueued = true;
          // Bytes already received, not a read ahead: the upstream is read again only on demand.
          event = events.readBuffered?.();
        }
        if (enqueued) return;
      }
    },
    cancel(reason) {
      return events.cancel(reason);
    },
  });
}
