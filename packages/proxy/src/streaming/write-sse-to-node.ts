import type { ServerResponse } from 'node:http';
import type { CompletionStream } from '@llmux/core';
import {
  chunkData,
  errorData,
  type SseOutcome,
  type SseResponseOptions,
  sseHeaders,
} from './sse-events.js';

const done = 'data: [DONE]\n\n';
/** Queued SSE text is written once it reaches about a socket's default high-water mark. */
const flushAtLength = 16 * 1024;

/**
 * Writes a completion stream as OpenAI SSE straight to a Node response (under `serve()`):
 * the same events as `toSseResponse`, without a web stream between the parts and the socket.
 * Each event is written as soon as its part arrives; events that arrive in the same turn of
 * the event loop (an upstream read often carries several) leave in one socket write, once
 * the turn's queued work is done (or sooner, at 16 KiB). A full socket buffer pauses reading
 * from the upstream until it drains. The client going away cancels the upstream.
 * Resolves once the stream is over, however it ended.
 */
export function writeSseToNode(
  outgoing: ServerResponse,
  stream: CompletionStream,
  options: SseResponseOptions,
): Promise<SseOutcome> {
  const outcome: SseOutcome = { clientDisconnected: false };
  let finished = false;
  let wake: (() => void) | undefined;

  const onClose = (): void => {
    wake?.();
    if (finished || outgoing.writableFinished) return;
    finished = true;
    outcome.clientDisconnected = true;
    options.onClientDisconnect();
    // A read waiting on the upstream resolves as done; the stream's accounting ends either way.
    void stream.cancel();
  };
  outgoing.on('close', onClose);
  // Gone already (its `close` came before we listened): nothing to write to.
  if (outgoing.destroyed) onClose();

  // Events queued in this turn of the event loop, written together once its queued work is done.
  let pending = '';
  const flush = (): void => {
    if (finished || pending === '') return;
    const text = pending;
    pending = '';
    outgoing.write(text);
  };
  const write = (text: string): void => {
    if (pending === '') process.nextTick(flush);
    pending += text;
    // Parts that keep coming within one turn go out once they fill a socket buffer's worth.
    if (pending.length >= flushAtLength) flush();
  };
  const drained = (): Promise<void> =>
    new Promise(resolve => {
      const resume = (): void => {
        outgoing.off('drain', resume);
        wake = undefined;
        resolve();
      };
      wake = resume;
      outgoing.on('drain', resume);
    });
  const end = (text: string): void => {
    finished = true;
    outgoing.off('close', onClose);
    const last = pending + text;
    pending = '';
    outgoing.end(last);
  };
  const endWithError = (error: unknown): void => {
    outcome.error = error;
    end(`data: ${errorData(error, options.callId)}\n\n`);
    // An error part is the stream's last (`stream.done` settles with it); a failed write is not.
    void stream.cancel();
  };

  if (!finished) {
    outgoing.writeHead(200, sseHeaders(options));
    // The client learns the stream has started before the first chunk is ready.
    outgoing.flushHeaders();
  }

  const pump = async (): Promise<SseOutcome> => {
    try {
      while (true) {
        const next = await stream.read();
        if (finished) return outcome;
        if (next.done) {
          end(done);
          return outcome;
        }
        const part = next.value;
        if (part.type === 'error') {
          endWithError(part.error);
          return outcome;
        }
        const data = chunkData(part, options, outcome);
        if (data !== undefined) write(`data: ${data}\n\n`);
        // A full socket buffer (a slow client): read no more from the upstream until it drains.
        if (outgoing.writableNeedDrain) {
          await drained();
          if (finished) return outcome;
        }
      }
    } catch (error) {
      if (!finished) endWithError(error);
      return outcome;
    }
  };
  return pump();
}
