import {
  type CompletionParams,
  completion,
  type EmbeddingParams,
  embedding,
  type LiteLLMCallOptions,
} from '@llmux/core';
import { callParams } from '../call-params.js';
import type { Deployment } from '../deployment.js';
import type { RequestContext } from '../request-context.js';
import type { CallResult, RoutedCall } from '../routed-call.js';
import type { RouterContext } from '../router-context.js';
import { latencySampleOf } from '../strategies/latency-based.js';
import { allQuietly, quietly } from './quietly.js';
import { recordFailure, recordUsage } from './record-call.js';
import { isCompletionStream, watchStream } from './watch-stream.js';

/** One call to one deployment, with its accounting (in-flight, outcome, tokens, latency, spend). */
export async function callDeployment(
  context: RouterContext,
  deployment: Deployment,
  group: string,
  request: RequestContext,
  routed: RoutedCall,
): Promise<CallResult> {
  const { state, logger, maxLatencySamples } = context;
  const id = deployment.id;
  const startedMs = context.now();
  // Not awaited before the call: with Redis it is a round trip the upstream need not wait for.
  // Awaited before the matching decrement, so the two apply in order.
  const inFlightAdded = quietly(logger, () => state.addInFlight(id, 1), 'in-flight count');
  let result: CallResult;
  try {
    const params = callParams(request, deployment, context.options);
    result =
      request.kind === 'embedding'
        ? await embedding(params as EmbeddingParams & LiteLLMCallOptions)
        : await completion(params as CompletionParams);
  } catch (error) {
    await inFlightAdded;
    await allQuietly([
      quietly(logger, () => state.addInFlight(id, -1), 'in-flight count'),
      quietly(logger, () => recordFailure(context, deployment, group, error, request), 'failure'),
    ]);
    throw error;
  }
  const hidden = result._hidden_params;
  hidden.attempted_retries = routed.attemptedRetries;
  hidden.attempted_fallbacks = routed.attemptedFallbacks;
  if (inFlightAdded) await inFlightAdded;
  if (isCompletionStream(result)) {
    const stream = result;
    const recorded = quietly(
      logger,
      () => state.recordOutcome(id, 'success', context.now()),
      'success',
    );
    if (recorded) await recorded;
    watchStream(stream, {
      onFirstChunk: () => {
        const nowMs = context.now();
        const sample = latencySampleOf({
          durationMs: nowMs - startedMs,
          completionTokens: undefined,
          timeToFirstTokenMs: nowMs - startedMs,
          nowMs,
        });
        void quietly(logger, () => state.recordLatency(id, sample, maxLatencySamples), 'latency');
      },
      // A stream that breaks mid-way counts against the deployment, as LiteLLM's failure callback does.
      onError: error =>
        void quietly(
          logger,
          () => recordFailure(context, deployment, group, error, request),
          'stream failure',
        ),
    });
    void stream.done.then(final =>
      allQuietly([
        quietly(logger, () => state.addInFlight(id, -1), 'in-flight count'),
        quietly(logger, () => recordUsage(context, deployment, final), 'stream usage'),
      ]),
    );
    return result;
  }
  // Independent updates, sent together: one round trip's wait with Redis instead of four,
  // and no wait at all with the in-memory state.
  const nowMs = context.now();
  const accounted = allQuietly([
    quietly(logger, () => state.recordOutcome(id, 'success', nowMs), 'success'),
    quietly(logger, () => state.addInFlight(id, -1), 'in-flight count'),
    quietly(
      logger,
      () =>
        state.recordLatency(
          id,
          latencySampleOf({
            durationMs: nowMs - startedMs,
            completionTokens: hidden.usage.completionTokens,
            nowMs,
          }),
          maxLatencySamples,
        ),
      'latency',
    ),
    quietly(logger, () => recordUsage(context, deployment, hidden), 'usage'),
  ]);
  if (accounted) await accounted;
  return result;
}
