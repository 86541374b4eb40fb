import {
  BadRequestError,
  type ChatCompletionMessage,
  type CompletionParams,
  ContextWindowExceededError,
} from '@llmux/core';
import { quietly } from '../accounting/quietly.js';
import { type BudgetWindow, deploymentBudgetWindow } from '../budget/deployment-budget.js';
import type { Deployment } from '../deployment.js';
import { isAtRateLimit, msToNextMinute } from '../limits/limit-filter.js';
import { countPromptTokens, filterByContextWindow } from '../pre-call-checks/index.js';
import type { RequestContext } from '../request-context.js';
import type { RouterContext } from '../router-context.js';
import type { MinuteUsage } from '../state/router-state.js';
import { filterByOrder } from '../strategies/filter-by-order.js';
import { filterByTags } from '../strategies/filter-by-tags.js';
import { activeCooldowns } from './active-cooldowns.js';
import { allCoolingDownError, atLimitError } from './no-deployment-errors.js';

/**
 * One pick: drop cooling-down deployments, those at their rpm/tpm limit or over budget,
 * those whose context window is too small (pre-call checks), those not matching the
 * request's tags, keep the lowest `order`, let the strategy pick, then take the pick's
 * rpm slot atomically (a lost race re-picks among the rest).
 */
export async function selectDeployment(
  context: RouterContext,
  group: string,
  request: RequestContext,
  failed: ReadonlySet<string>,
): Promise<Deployment> {
  const { options, state, strategy } = context;
  const all = context.groups.deploymentsOf(group);
  const lostRace = new Set<string>();
  while (true) {
    const nowMs = context.now();
    // The in-memory state answers synchronously: no await (and no promise) then.
    const cooldownsAnswer = activeCooldowns(context, all, nowMs);
    const cooldowns = cooldownsAnswer instanceof Promise ? await cooldownsAnswer : cooldownsAnswer;
    const cool = all.filter(deployment => !cooldowns.has(deployment.id));
    if (cool.length === 0) throw allCoolingDownError(group, cooldowns, nowMs, options);
    // Read only when a limit or the strategy looks at it: with Redis, a round trip saved.
    let usage: ReadonlyMap<string, MinuteUsage> = noUsage;
    if (strategy.needs.usage || cool.some(hasRateLimit)) {
      const usageAnswer = state.getUsage(
        cool.map(deployment => deployment.id),
        nowMs,
      );
      usage = usageAnswer instanceof Promise ? await usageAnswer : usageAnswer;
    }
    const windows = new Map<string, BudgetWindow>();
    for (const deployment of cool) {
      const window = deploymentBudgetWindow(deployment, nowMs);
      if (window) windows.set(deployment.id, window);
    }
    const spend =
      windows.size > 0
        ? await state.getSpend(
            [...windows].map(([deploymentId, window]) => ({
              deploymentId,
              windowStartMs: window.startMs,
            })),
          )
        : new Map<string, bigint>();
    let retryAtMs = Number.POSITIVE_INFINITY;
    let overBudget = 0;
    let candidates = cool.filter(deployment => {
      if (lostRace.has(deployment.id) || isAtRateLimit(deployment, usage.get(deployment.id))) {
        retryAtMs = Math.min(retryAtMs, nowMs + msToNextMinute(nowMs));
        return false;
      }
      const window = windows.get(deployment.id);
      if (window && (spend.get(deployment.id) ?? 0n) >= window.limitPico) {
        overBudget++;
        retryAtMs = Math.min(retryAtMs, window.endMs);
        return false;
      }
      return true;
    });
    if (candidates.length === 0)
      throw atLimitError(group, retryAtMs - nowMs, overBudget > 0, cooldowns);
    const fresh = candidates.filter(deployment => !failed.has(deployment.id));
    if (fresh.length > 0) candidates = fresh;
    let inputTokens = 0;
    const needsTokens =
      request.kind === 'completion' &&
      (options.enable_pre_call_checks ||
        strategy.needs.usage ||
        candidates.some(deployment => deployment.tpm !== undefined));
    if (needsTokens && candidates[0]) inputTokens = await promptTokensFor(request, candidates[0]);
    if (options.enable_pre_call_checks && request.kind === 'completion') {
      candidates = filterByContextWindow(candidates, inputTokens);
      if (candidates.length === 0) {
        throw new ContextWindowExceededError({
          message: `No deployment of model=${group} has a context window for this prompt (${inputTokens} tokens; enable_pre_call_checks).`,
          model: group,
        });
      }
    }
    if (options.enable_tag_filtering) {
      candidates = filterByTags(candidates, request.tags, {
        matchAny: options.tag_filtering_match_any,
      });
      if (candidates.length === 0) {
        throw new BadRequestError({
          message: `no deployments matching the request tags=${JSON.stringify(request.tags ?? [])} and no default deployment for model=${group} (enable_tag_filtering)`,
          model: group,
        });
      }
    }
    candidates = filterByOrder(candidates);
    const needs = strategy.needs;
    const candidateIds = candidates.map(deployment => deployment.id);
    const picked = strategy.pick({
      deployments: candidates,
      inputTokens,
      stream: request.stream,
      usage,
      inFlight: needs.inFlight ? await state.getInFlight(candidateIds) : new Map(),
      latencies: needs.latencies ? await state.getLatencies(candidateIds) : new Map(),
      random: context.random,
    });
    if (picked.rpm === undefined) {
      // No limit to hold, so the answer is always yes: count the request without waiting,
      // and only for the usage-based strategy, the one reader of a count without a limit.
      if (!strategy.needs.usage) return picked;
      context.background.add(
        quietly(
          context.logger,
          () => state.tryTakeRequest(picked.id, undefined, nowMs),
          'request count',
        ),
      );
      return picked;
    }
    const taken = state.tryTakeRequest(picked.id, picked.rpm, nowMs);
    if (taken instanceof Promise ? await taken : taken) return picked;
    lostRace.add(picked.id);
  }
}

const noUsage: ReadonlyMap<string, MinuteUsage> = new Map();

function hasRateLimit(deployment: Deployment): boolean {
  return deployment.rpm !== undefined || deployment.tpm !== undefined;
}

/** The prompt's token count for a deployment's model, counted once per model per request. */
function promptTokensFor(request: RequestContext, deployment: Deployment): Promise<number> {
  const modelId = deployment.litellmParams.model;
  let tokens = request.promptTokens.get(modelId);
  if (!tokens) {
    const messages =
      request.kind === 'completion'
        ? ((request.params as CompletionParams).messages as ChatCompletionMessage[])
        : [];
    tokens = countPromptTokens(messages, modelId.replace(/^[^/]+\//, ''));
    request.promptTokens.set(modelId, tokens);
  }
  return tokens;
}
