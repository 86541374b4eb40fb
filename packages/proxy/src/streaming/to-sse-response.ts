import {
  type ChatCompletionChunk,
  type CompletionStream,
  encodeSseData,
  encodeSseJson,
  sseDone,
} from '@llmux/core';
import { toApiError, toErrorBody } from '../http/to-error-body.js';
import { restampModel } from './restamp-model.js';

export interface SseOutcome {
  /** When the first chunk went out. */
  completionStartedAt?: Date | undefined;
  responseId?: string | undefined;
  /** The error that ended the stream early, if one did. */
  error?: unknown;
  clientDisconnected: boolean;
}

export interface SseResponseOptions {
  modelGroup: string;
  callId: string;
  headers: Record<string, string>;
  /**
   * Whether the client asked for `stream_options.include_usage`. Adapters always ask the
   * upstream for usage (it prices the stream); a client that did not ask does not get the
   * usage-only chunk (`choices: []`), which some OpenAI clients cannot read.
   */
  includeUsage: boolean;
  /** Called once when the client goes away; should abort the upstream call. */
  onClientDisconnect: () => void;
}

function isUsageOnly(chunk: ChatCompletionChunk): boolean {
  return chunk.choices.length === 0 && chunk.usage !== null && chunk.usage !== undefined;
}

/**
 * An OpenAI SSE response from a completion stream. Chunks go out as they arrive (the
 * upstream's own `data:` text when there is one), then `data: [DONE]`; an error ends
 * the stream with one `data: {"error":…}` event and no `[DONE]`. The client going away
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
    controller.enqueue(encodeSseJson(toErrorBody(toApiError(error, options.callId))));
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
            if (part.type === 'chunk') {
              if (!options.includeUsage && isUsageOnly(part.chunk)) continue;
              outcome.completionStartedAt ??= new Date();
              outcome.responseId ??= part.chunk.id;
              const data =
                part.rawData !== undefined
                  ? restampModel(part.rawData, part.chunk.model, options.modelGroup)
                  : JSON.stringify({ ...part.chunk, model: options.modelGroup });
              controller.enqueue(encodeSseData(data));
              return;
            }
            // A `usage` part only feeds the cost; the client gets usage in its chunk.
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

  const response = new Response(body, {
    status: 200,
    headers: {
      ...options.headers,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    },
  });
  return { response, outcome: settled };
}
