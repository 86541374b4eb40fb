import { APITimeoutError, type HiddenParams } from '@llmux/core';
import { deploymentBudgetWindow } from '../budget/deployment-budget.js';
import { cooldownEligibleStatus, shouldCoolDown } from '../cooldown/cooldown-decision.js';
import type { Deployment } from '../deployment.js';
import { numberParam } from '../param-values.js';
import type { RequestContext } from '../request-context.js';
import type { RouterContext } from '../router-context.js';
import type { MaybePromise } from '../state/router-state.js';
import { latencyTimeoutPenaltySeconds } from '../strategies/latency-based.js';

/** LiteLLM's defaults. */
const defaultCooldownSeconds = 5;
const defaultAllowedFails = 3;

/** Records a call's tokens (for tpm) and its cost against the deployment's budget window, when read back. */
export function recordUsage(
  context: RouterContext,
  deployment: Deployment,
  hidden: HiddenParams,
): MaybePromise<unknown> {
  const nowMs = context.now();
  // Tokens are read back only by a tpm limit and the usage-based strategy.
  const countsTokens = deployment.tpm !== undefined || context.strategy.needs.usage === true;
  const tokens =
    countsTokens && hidden.usage.totalTokens > 0
      ? context.state.addTokens(deployment.id, hidden.usage.totalTokens, nowMs)
      : undefined;
  const window = deploymentBudgetWindow(deployment, nowMs);
  const spend =
    window && hidden.response_cost_pico > 0n
      ? context.state.addSpend(
          deployment.id,
          window.startMs,
          hidden.response_cost_pico,
          window.endMs - nowMs,
        )
      : undefined;
  return tokens instanceof Promise || spend instanceof Promise
    ? Promise.all([tokens, spend])
    : undefined;
}

/** Records a failed call (a timeout also as a latency penalty) and cools the deployment down when due. */
export async function recordFailure(
  context: RouterContext,
  deployment: Deployment,
  group: string,
  error: unknown,
  request: RequestContext,
): Promise<void> {
  const { options, state } = context;
  if (request.params.signal?.aborted) return;
  const nowMs = context.now();
  const outcomes = await state.recordOutcome(deployment.id, 'failure', nowMs);
  if (APITimeoutError.isInstance(error) && context.strategy.needs.latencies) {
    await state.recordLatency(
      deployment.id,
      { secondsPerToken: latencyTimeoutPenaltySeconds, atMs: nowMs },
      context.maxLatencySamples,
    );
  }
  const status = cooldownEligibleStatus(error);
  if (status === undefined || options.disable_cooldowns) return;
  const cooldownSeconds =
    numberParam(deployment.litellmParams.cooldown_time) ??
    options.cooldown_time ??
    defaultCooldownSeconds;
  if (cooldownSeconds <= 0) return;
  const coolDown = shouldCoolDown({
    status,
    error,
    groupSize: context.groups.deploymentsOf(group).length,
    outcomes,
    allowedFails: options.allowed_fails ?? defaultAllowedFails,
    allowedFailsPolicy: options.allowed_fails_policy,
  });
  if (!coolDown) return;
  await state.setCooldown(
    deployment.id,
    {
      exception: (error instanceof Error ? error.message : String(error)).slice(0, 50),
      status,
      timestampMs: nowMs,
      cooldownSeconds,
    },
    cooldownSeconds * 1000,
    nowMs,
  );
}
