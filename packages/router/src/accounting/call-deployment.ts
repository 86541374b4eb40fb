import {
  type CompletionParams,
  completion,
  type EmbeddingParams,
  embedding,
  type LiteLLMCallOptions,
} from '@llmux/core';
import { hasBudget } from '../budget/deployment-budget.js';
import { callParams } from '../call-params.js';
import type { Deployment } from '../deployment.js';
import type { RequestContext } from '../request-context.js';
import type { CallResult, RoutedCall } from '../routed-call.js';
import type { RouterContext } from '../router-context.js';
import { latencySampleOf } from '../strategies/latency-based.js';
import { allQuietly, quietly } from './quietly.js';
import { recordFailure, recordUsage } from './record-call.js';
import { isCompletionStream, watchStream } from './watch-stream.js';

/**
 * One call to one deployment, with its accounting: the outcome always (cooldowns read it), and
 * what the strategy or the deployment's limits read back: in-flight (least-busy), latency
 * (latency-based), tokens (tpm, usage-based), spend (a budget). LiteLLM likewise keeps only
 * the state of the strategy it runs.
 */
export async function callDeployment(
  context: RouterContext,
  deployment: Deployment,
  group: string,
  request: RequestContext,
  routed: RoutedCall,
): Promise<CallResult> {
  const { state, logger, maxLatencySamples, background, strategy } = context;
  const id = deployment.id;
  const startedMs = context.now();
  const inFlight = strategy.needs.inFlight ? trackInFlight(context, id) : undefined;
  let result: CallResult;
  try {
    const params = callParams(request, deployment, context.options);
    result =
      request.kind === 'embedding'
        ? await embedding(params as EmbeddingParams & LiteLLMCallOptions)
        : await completion(params as CompletionParams);
  } catch (error) {
    // Awaited: a cooldown this failure starts must be in place before a retry picks again.
    await allQuietly([
      inFlight?.end(),
      quietly(logger, () => recordFailure(context, deployment, group, error, request), 'failure'),
    ]);
    throw error;
  }
  const hidden = result._hidden_params;
  hidden.attempted_retries = routed.attemptedRetries;
  hidden.attempted_fallbacks = routed.attemptedFallbacks;
  if (isCompletionStream(result)) {
    const stream = result;
    background.add(
      quietly(logger, () => state.recordOutcome(id, 'success', context.now()), 'success'),
    );
    watchStream(stream, {
      onFirstChunk: strategy.needs.latencies
        ? () => {
            const nowMs = context.now();
            const sample = latencySampleOf({
              durationMs: nowMs - startedMs,
              completionTokens: undefined,
              timeToFirstTokenMs: nowMs - startedMs,
              nowMs,
            });
            background.add(
              quietly(logger, () => state.recordLatency(id, sample, maxLatencySamples), 'latency'),
            );
          }
        : undefined,
      // A stream that breaks mid-way counts against the deployment, as LiteLLM's failure callback does.
      onError: error =>
        background.add(
          quietly(
            logger,
            () => recordFailure(context, deployment, group, error, request),
            'stream failure',
          ),
        ),
    });
    void stream.done.then(final =>
      background.add(
        allQuietly([
          inFlight?.end(),
          quietly(logger, () => recordUsage(context, deployment, final), 'stream usage'),
        ]),
      ),
    );
    return result;
  }
  // Independent updates, sent together. The answer waits for them only when they feed a limit
  // the next pick reads (tpm, a budget): otherwise a slow state (Redis) costs the caller nothing.
  const nowMs = context.now();
  const accounted = allQuietly([
    quietly(logger, () => state.recordOutcome(id, 'success', nowMs), 'success'),
    inFlight?.end(),
    strategy.needs.latencies
      ? quietly(
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
        )
      : undefined,
    quietly(logger, () => recordUsage(context, deployment, hidden), 'usage'),
  ]);
  if (accounted) {
    if (feedsLimit(deployment)) await accounted;
    else background.add(accounted);
  }
  return result;
}

/**
 * Counts a call in flight now, without waiting (with Redis the upstream need not wait for
 * the round trip); `end()` sends the decrement once the increment has landed, so the two
 * apply in order.
 */
function trackInFlight(
  context: RouterContext,
  id: string,
): { end: () => Promise<void> | undefined } {
  const { state, logger } = context;
  const added = quietly(logger, () => state.addInFlight(id, 1), 'in-flight count');
  const decrement = () => quietly(logger, () => state.addInFlight(id, -1), 'in-flight count');
  return { end: () => (added ? added.then(decrement) : decrement()) };
}

/** Whether what a call of this deployment records is read back as a limit (tpm or a budget). */
function feedsLimit(deployment: Deployment): boolean {
  return deployment.tpm !== undefined || hasBudget(deployment);
}
