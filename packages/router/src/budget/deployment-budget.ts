import { budgetWindowEnd, budgetWindowStart, decimalToPico } from '@llmux/core';
import type { Deployment } from '../deployment.js';

/** A deployment's budget window at some instant: spend in [startMs, endMs) counts toward `limitPico`. */
export interface BudgetWindow {
  startMs: number;
  endMs: number;
  limitPico: bigint;
}

/** Whether the deployment has a budget (`max_budget`), whose spend each pick reads back. */
export function hasBudget(deployment: Deployment): boolean {
  const maxBudget = deployment.litellmParams.max_budget;
  return typeof maxBudget === 'number' || typeof maxBudget === 'string';
}

/**
 * The budget window of a deployment with `max_budget` (USD) and `budget_duration` (`30s`,
 * `1h`, `1d`, `30d`, `1mo` …) in its `litellm_params`, or undefined when it has no budget.
 * Windows are aligned to the duration in UTC (`1h` on the hour, `1d` at midnight), so every
 * router instance agrees on them; without a duration the budget never resets.
 */
export function deploymentBudgetWindow(
  deployment: Deployment,
  nowMs: number,
): BudgetWindow | undefined {
  const maxBudget = deployment.litellmParams.max_budget;
  const duration = deployment.litellmParams.budget_duration;
  // hasBudget's test, inline so that the type narrows.
  if (typeof maxBudget !== 'number' && typeof maxBudget !== 'string') return undefined;
  const limitPico = decimalToPico(maxBudget);
  if (typeof duration !== 'string')
    return { startMs: 0, endMs: Number.MAX_SAFE_INTEGER, limitPico };
  return {
    startMs: budgetWindowStart(duration, nowMs),
    endMs: budgetWindowEnd(duration, nowMs),
    limitPico,
  };
}
