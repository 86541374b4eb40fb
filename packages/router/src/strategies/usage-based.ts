import { RateLimitError } from '@llmux/core';
import type { Deployment } from '../deployment.js';
import { pickRandom } from './pick-random.js';
import type { RoutingContext, RoutingStrategy } from './routing-strategy.js';

/** True when the deployment can take one more request of `inputTokens` this minute. */
export function hasMinuteHeadroom(
  deployment: Deployment,
  usage: { requests: number; tokens: number } | undefined,
  inputTokens: number,
): boolean {
  const requests = usage?.requests ?? 0;
  const tokens = usage?.tokens ?? 0;
  if (deployment.tpm !== undefined && tokens + inputTokens > deployment.tpm) return false;
  if (deployment.rpm !== undefined && requests + 1 > deployment.rpm) return false;
  return true;
}

/**
 * The deployment with the lowest current-minute tpm among those whose tpm + input tokens
 * and rpm + 1 fit their limits; ties at random.
 *
 * @throws RateLimitError (429, `retry-after` = seconds to the next minute) when none fits,
 * as LiteLLM's v2 handler answers.
 */
export function pickLowestUsage(
  context: Pick<RoutingContext, 'deployments' | 'usage' | 'inputTokens' | 'random'>,
  nowMs: number = Date.now(),
): Deployment {
  let lowest = Number.POSITIVE_INFINITY;
  let quietest: Deployment[] = [];
  for (const deployment of context.deployments) {
    const usage = context.usage.get(deployment.id);
    if (!hasMinuteHeadroom(deployment, usage, context.inputTokens)) continue;
    const tokens = usage?.tokens ?? 0;
    if (tokens < lowest) {
      lowest = tokens;
      quietest = [deployment];
    } else if (tokens === lowest) quietest.push(deployment);
  }
  if (quietest.length > 0) return pickRandom(quietest, context.random);
  const retryAfterSeconds = Math.max(1, Math.ceil((60_000 - (nowMs % 60_000)) / 1000));
  const group = context.deployments[0]?.modelName ?? '';
  throw new RateLimitError({
    message: `No deployments available for selected model=${group}: every deployment is at its tpm/rpm limit for this minute (usage-based-routing-v2). Try again in ${retryAfterSeconds} seconds.`,
    model: group,
    headers: { 'retry-after': String(retryAfterSeconds) },
    isRetryable: true,
  });
}

/**
 * `usage-based-routing-v2` (also what `usage-based-routing` runs): lowest current-minute
 * token use among deployments with rpm/tpm headroom. The minute counters live in
 * `RouterState` (memory or Redis `{id}:tpm:{HH-MM}` style keys).
 */
export function createUsageBasedStrategy(
  options: { now?: (() => number) | undefined } = {},
): RoutingStrategy {
  const now = options.now ?? Date.now;
  return {
    name: 'usage-based-routing-v2',
    needs: { usage: true },
    pick: context => pickLowestUsage(context, now()),
  };
}
