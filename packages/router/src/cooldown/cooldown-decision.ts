import { APIConnectionError, APIError, APITimeoutError, isRetryableStatus } from '@llmux/core';
import { policyErrorClass } from '../retry/error-policy-class.js';
import type { AllowedFailsPolicy } from '../router-options.js';
import type { MinuteOutcomes } from '../state/router-state.js';

/** LiteLLM's `SINGLE_DEPLOYMENT_TRAFFIC_FAILURE_THRESHOLD`. */
export const singleDeploymentTrafficThreshold = 1000;

/**
 * The status that makes an error count toward a cooldown, or undefined when it never does:
 * 429, 401, 404, 408 and ≥ 500 do; other 4xx and connection failures (not timeouts) never.
 */
export function cooldownEligibleStatus(error: unknown): number | undefined {
  if (!APIError.isInstance(error)) return undefined;
  if (APIConnectionError.isInstance(error) && !APITimeoutError.isInstance(error)) return undefined;
  const status = error.status;
  if (status === 429 || status === 401 || status === 404 || status === 408 || status >= 500)
    return status;
  return undefined;
}

export interface CooldownDecisionInput {
  status: number;
  error: unknown;
  /** Deployments in the group. */
  groupSize: number;
  /** This minute's outcomes of the deployment, the failure just recorded included. */
  outcomes: MinuteOutcomes;
  allowedFails: number;
  allowedFailsPolicy: AllowedFailsPolicy | undefined;
}

/**
 * Whether a failed deployment cools down now:
 * - a single-deployment group only when every call this minute failed and there were at
 *   least 1000 of them (LiteLLM's traffic rule: cooling down the only deployment turns every
 *   request into an error, so a few failures never do it);
 * - else a non-retryable eligible status (401, 404) or a 429 at once;
 * - else when this minute's failures exceed `allowed_fails` (or the policy's entry for the
 *   error's class).
 */
export function shouldCoolDown(input: CooldownDecisionInput): boolean {
  const { successes, failures } = input.outcomes;
  if (input.groupSize <= 1) return successes === 0 && failures >= singleDeploymentTrafficThreshold;
  if (!isRetryableStatus(input.status) || input.status === 429) return true;
  const errorClass = policyErrorClass(input.error);
  const key = errorClass ? (`${errorClass}AllowedFails` as keyof AllowedFailsPolicy) : undefined;
  const allowed = (key && input.allowedFailsPolicy?.[key]) ?? input.allowedFails;
  return failures > allowed;
}
