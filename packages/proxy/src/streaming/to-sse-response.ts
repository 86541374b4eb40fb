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
    // An error part is the stream's last (`stream.done` settles with it); a failed write is not.
    void stream.cancel();
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          while (true) {
            const next = await stream.read();
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
        // A read waiting on the upstream resolves as done; the stream's accounting ends either way.
        await stream.cancel();
      },
    },
    // Pull only when the client reads: no chunk waits in a buffer of ours.
    { highWaterMark: 0 },
  );

  const response = new Response(body, { status: 200, headers: sseHeaders(options) });
  return { response, outcome: settled };
}
