import { RateLimitError } from '@llmux/core';
import { pythonList } from '../python-list.js';
import type { RouterOptions } from '../router-options.js';
import type { ActiveCooldown } from '../state/router-state.js';

/** LiteLLM's RouterRateLimitError text when every deployment of the group is cooling down. */
export function allCoolingDownError(
  group: string,
  cooldowns: ReadonlyMap<string, ActiveCooldown>,
  nowMs: number,
  options: RouterOptions,
): RateLimitError {
  let earliest = Number.POSITIVE_INFINITY;
  for (const cooldown of cooldowns.values()) earliest = Math.min(earliest, cooldown.untilMs);
  const seconds = Math.max(1, Math.ceil((earliest - nowMs) / 1000));
  const preCallChecks = options.enable_pre_call_checks ? 'True' : 'False';
  return new RateLimitError({
    message: `No deployments available for selected model, Try again in ${seconds} seconds. Passed model=${group}. pre-call-checks=${preCallChecks}, cooldown_list=${pythonList([...cooldowns.keys()])}`,
    model: group,
    headers: { 'retry-after': String(seconds) },
    isRetryable: true,
  });
}

export function atLimitError(
  group: string,
  waitMs: number,
  budget: boolean,
  cooldowns: ReadonlyMap<string, ActiveCooldown>,
): RateLimitError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const reason = budget
    ? 'every deployment is at its rpm/tpm limit for this minute or over its budget'
    : 'every deployment is at its rpm/tpm limit for this minute';
  return new RateLimitError({
    message: `No deployments available for selected model, Try again in ${seconds} seconds. Passed model=${group}. ${reason}, cooldown_list=${pythonList([...cooldowns.keys()])}`,
    model: group,
    headers: { 'retry-after': String(seconds) },
    isRetryable: true,
  });
}
