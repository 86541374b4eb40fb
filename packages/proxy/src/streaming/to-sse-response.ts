import { type CompletionStream, encodeSseData, sseDone } from '@llmux/core';
import {
  chunkData,
  errorData,
  type SseOutcome,
  type SseResponseOptions,
  sseHeaders,
} from './sse-events.js';

/**
 * An OpenAI SSE response from a completion stream, as a web `Response` (for `app.request`
 * and runtimes other than Node; under `serve()` see `writeSseToNode`). Chunks go out as they
 * arrive (the upstream's own `data:` text when there is one), then `data: [DONE]`; an error
 * ends the stream with one `data: {"error":…}` event and no `[DONE]`. The client going away
 * cancels the upstream. `outcome` resolves once the stream is over, however it ended.
 */
export function toSseResponse(
  stream: CompletionStream,
  options: SseResponseOptions,
): { response: Response; outcome: Promise<SseOutcome> } {
  const parts = stream.parts();
  const outcome: SseOutcome = { clientDisconnected: false };
  let settle!: (value: SseOutcome) => void;
  const settled = new Promise<SseOutcome>(resolve => {
    settle = resolve;
  });
  let finished = false;
  const finish = (controller?: ReadableStreamDefaultController<Uint8Array>): void => {
    if (finished) return;
    finished = true;
    controller?.close();
    settle(outcome);
  };
  const endWithError = (
    controller: ReadableStreamDefaultController<Uint8Array>,
    error: unknown,
  ): void => {
    outcome.error = error;
    controller.enqueue(encodeSseData(errorData(error, options.callId)));
    finish(controller);
    // The generator waits at the yield of the error part; ending it settles `stream.done`.
    void parts.return(undefined).catch(() => undefined);
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          while (true) {
            const next = await parts.next();
            if (finished) return;
            if (next.done) {
              controller.enqueue(sseDone);
              finish(controller);
              return;
            }
            const part = next.value;
            if (part.type === 'error') {
              endWithError(controller, part.error);
              return;
            }
            const data = chunkData(part, options, outcome);
            if (data !== undefined) {
              controller.enqueue(encodeSseData(data));
              return;
            }
          }
        } catch (error) {
          if (!finished) endWithError(controller, error);
        }
      },
      async cancel() {
        if (finished) return;
        outcome.clientDisconnected = true;
        finish();
        options.onClientDisconnect();
        await stream.cancel();
        // Ends the generator if it waits at a yield; one waiting on the upstream ends when the abort lands.
        void parts.return(undefined).catch(() => undefined);
      },
    },
    // Pull only when the client reads: no chunk waits in a buffer of ours.
    { highWaterMark: 0 },
  );

  const response = new Response(body, { status: 200, headers: sseHeaders(options) });
  return { response, outcome: settled };
}
