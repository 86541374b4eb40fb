import {
  APIError,
  APITimeoutError,
  BadRequestError,
  type ChatCompletionMessage,
  type CompletionParams,
  type CompletionStream,
  ContextWindowExceededError,
  completion,
  type EmbeddingParams,
  type EmbeddingResult,
  embedding,
  type HiddenParams,
  type LiteLLMCallOptions,
  type ModelResponse,
  RateLimitError,
} from '@llmux/core';
import { type BudgetWindow, deploymentBudgetWindow } from './budget/deployment-budget.js';
import { cooldownEligibleStatus, shouldCoolDown } from './cooldown/cooldown-decision.js';
import { type Deployment, toDeployment } from './deployment.js';
import { fallbackGroupsFor, lookupFallbacks } from './fallback/fallback-groups.js';
import { isAtRateLimit, msToNextMinute } from './limits/limit-filter.js';
import { countPromptTokens, filterByContextWindow } from './pre-call-checks/index.js';
import { retrySleepMs } from './retry/retry-delay.js';
import { retriesFor } from './retry/retry-policy.js';
import { isRetryAllowed } from './retry/should-retry.js';
import { type RouterLogger, type RouterOptions, validateRouterOptions } from './router-options.js';
import { createRouterState } from './state/create-router-state.js';
import type { ActiveCooldown, RouterState } from './state/router-state.js';
import { stderrRouterStateLogger } from './state/router-state-logger.js';
import { createRoutingStrategy } from './strategies/create-routing-strategy.js';
import { filterByOrder } from './strategies/filter-by-order.js';
import { filterByTags } from './strategies/filter-by-tags.js';
import { latencySampleOf, latencyTimeoutPenaltySeconds } from './strategies/latency-based.js';
import type { RoutingStrategy } from './strategies/routing-strategy.js';

export type { RouterOptions } from './router-options.js';

/** Where a call went: the deployment that answered (or, on an error, the last one tried). */
export interface RoutedCall {
  deployment: Deployment;
  /** The group that answered (a fallback group when fallbacks were used). */
  modelGroup: string;
  /** Retries made in the answering group (0 = its first try answered). */
  attemptedRetries: number;
  /** Fallback depth of the answering group (0 = the requested group answered). */
  attemptedFallbacks: number;
}

/** LiteLLM's defaults. */
const defaultNumRetries = 2;
const defaultCooldownSeconds = 5;
const defaultAllowedFails = 3;
const defaultMaxFallbacks = 5;
const defaultMaxLatencySamples = 10;

// Deployment settings that steer routing, budgets or the proxy; never sent to the provider.
const litellmParamsNotForCall = new Set([
  'model',
  'rpm',
  'tpm',
  'weight',
  'order',
  'max_parallel_requests',
  'max_budget',
  'budget_duration',
  'cooldown_time',
  'tags',
  'stream_timeout',
  'num_retries',
  'max_retries',
  'model_info',
  'use_in_pass_through',
  'use_litellm_proxy',
  'litellm_credential_name',
  'configurable_clientside_auth_params',
  'max_file_size_mb',
]);

// Request keys the router consumes; they never reach core's call.
const requestKeysForRouter = [
  'fallbacks',
  'num_retries',
  'context_window_fallbacks',
  'content_policy_fallbacks',
] as const;

type CallKind = 'completion' | 'embedding';
type RoutedResult = (ModelResponse | CompletionStream | EmbeddingResult) & {
  routed: RoutedCall;
};

/** What one request carries through its attempts. */
interface RequestContext {
  kind: CallKind;
  params: (CompletionParams | EmbeddingParams) & Record<string, unknown>;
  stream: boolean;
  tags: string[] | undefined;
  promptTokens: Map<string, Promise<number>>;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string');
}

function numberParam(value: unknown): number | undefined {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * LiteLLM's Router: deployments grouped by `model_name`, each call routed to a healthy
 * deployment by the routing strategy, with per-minute rpm/tpm limits, per-deployment
 * budgets, cooldowns, retries and fallbacks.
 *
 * @example
 * const router = new Router({
 *   model_list: [
 *     { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', rpm: 60 } },
 *     { model_name: 'gpt-4o', litellm_params: { model: 'azure/gpt-4o', api_base: '…' } },
 *   ],
 *   num_retries: 2,
 *   fallbacks: [{ 'gpt-4o': ['claude'] }],
 * });
 * const response = await router.completion({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(response.routed.deployment.id);
 */
export class Router {
  readonly state: RouterState;
  readonly strategy: RoutingStrategy;
  private readonly groups = new Map<string, Deployment[]>();
  private readonly aliases = new Map<string, { group: string; hidden: boolean }>();
  private readonly options: RouterOptions;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly logger: RouterLogger;
  private readonly maxLatencySamples: number;

  constructor(options: RouterOptions) {
    validateRouterOptions(options);
    this.options = options;
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? realSleep;
    this.logger = options.logger ?? stderrRouterStateLogger;
    for (const config of options.model_list) {
      const deployment = toDeployment(config);
      const group = this.groups.get(deployment.modelName);
      if (group) group.push(deployment);
      else this.groups.set(deployment.modelName, [deployment]);
    }
    for (const [alias, target] of Object.entries(options.model_group_alias ?? {})) {
      const group = typeof target === 'string' ? target : target.model;
      this.aliases.set(alias, { group, hidden: typeof target !== 'string' && !!target.hidden });
    }
    this.strategy = createRoutingStrategy(
      options.routing_strategy ?? 'simple-shuffle',
      options.routing_strategy_args ?? {},
      { now: this.now },
    );
    this.maxLatencySamples =
      numberParam(options.routing_strategy_args?.max_latency_list_size) ?? defaultMaxLatencySamples;
    this.state =
      options.state ??
      createRouterState(
        {
          redis_host: options.redis_host,
          redis_port: options.redis_port,
          redis_password: options.redis_password,
          redis_url: options.redis_url,
          redis_db: options.redis_db,
        },
        this.logger,
      );
  }

  /** Model group names in config order, then aliases that are not hidden. */
  get modelNames(): string[] {
    const aliases = [...this.aliases]
      .filter(
        ([alias, { group, hidden }]) =>
          !hidden && this.groups.has(group) && !this.groups.has(alias),
      )
      .map(([alias]) => alias);
    return [...this.groups.keys(), ...aliases];
  }

  get deployments(): Deployment[] {
    return [...this.groups.values()].flat();
  }

  hasModel(modelName: string): boolean {
    return this.groups.has(this.groupOf(modelName));
  }

  /** Closes the router's state (a Redis connection, when it has one). */
  async close(): Promise<void> {
    await this.state.close();
  }

  private groupOf(modelName: string): string {
    if (this.groups.has(modelName)) return modelName;
    return this.aliases.get(modelName)?.group ?? modelName;
  }

  private deploymentsOf(group: string): Deployment[] {
    const deployments = this.groups.get(group);
    if (!deployments || deployments.length === 0) {
      throw new BadRequestError({
        message: `Invalid model name passed in model=${group}. Call \`/v1/models\` to view available models for your key.`,
        param: 'model',
      });
    }
    return deployments;
  }

  async completion(
    params: CompletionParams & { stream: true },
  ): Promise<CompletionStream & { routed: RoutedCall }>;
  async completion(
    params: CompletionParams & { stream?: false | null | undefined },
  ): Promise<ModelResponse & { routed: RoutedCall }>;
  async completion(
    params: CompletionParams,
  ): Promise<(ModelResponse | CompletionStream) & { routed: RoutedCall }>;
  async completion(
    params: CompletionParams,
  ): Promise<(ModelResponse | CompletionStream) & { routed: RoutedCall }> {
    const result = await this.route('completion', params);
    return result as (ModelResponse | CompletionStream) & { routed: RoutedCall };
  }

  async embedding(params: EmbeddingParams): Promise<EmbeddingResult & { routed: RoutedCall }> {
    const result = await this.route('embedding', params);
    return result as EmbeddingResult & { routed: RoutedCall };
  }

  private async route(
    kind: CallKind,
    params: CompletionParams | EmbeddingParams,
  ): Promise<RoutedResult> {
    const group = this.groupOf(params.model);
    this.deploymentsOf(group);
    const metadataTags = (params.metadata as { tags?: unknown } | null | undefined)?.tags;
    const request: RequestContext = {
      kind,
      params: params as RequestContext['params'],
      stream: kind === 'completion' && (params as CompletionParams).stream === true,
      tags: isStringList(metadataTags) ? metadataTags : undefined,
      promptTokens: new Map(),
    };
    // Client-side fallbacks (`fallbacks: ["group-b"]` in the request) take precedence, as in LiteLLM.
    const requestFallbacks = isStringList(params.fallbacks) ? params.fallbacks : undefined;
    return this.runWithFallbacks(group, request, 0, new Set([group]), requestFallbacks);
  }

  private async runWithFallbacks(
    group: string,
    request: RequestContext,
    depth: number,
    visited: Set<string>,
    requestFallbacks: string[] | undefined,
  ): Promise<RoutedResult> {
    try {
      return await this.runGroup(group, request, depth);
    } catch (error) {
      if (request.params.signal?.aborted || !APIError.isInstance(error)) throw error;
      const maxFallbacks = this.options.max_fallbacks ?? defaultMaxFallbacks;
      const candidates = requestFallbacks ?? fallbackGroupsFor(error, group, this.options);
      const tried: string[] = [];
      for (const fallback of candidates) {
        if (depth + 1 > maxFallbacks) break;
        const fallbackGroup = this.groupOf(fallback);
        if (visited.has(fallbackGroup)) continue;
        if (!this.groups.has(fallbackGroup)) {
          this.logger.warn({ group, fallback }, 'fallback model group does not exist; skipped');
          continue;
        }
        visited.add(fallbackGroup);
        tried.push(fallbackGroup);
        try {
          return await this.runWithFallbacks(fallbackGroup, request, depth + 1, visited, undefined);
        } catch (fallbackError) {
          if (request.params.signal?.aborted) throw fallbackError;
        }
      }
      if (tried.length > 0) annotateFallbacks(error, group, tried);
      throw error;
    }
  }

  /** Calls one group with its retries; each attempt re-runs selection. */
  private async runGroup(
    group: string,
    request: RequestContext,
    depth: number,
  ): Promise<RoutedResult> {
    const deployments = this.deploymentsOf(group);
    const failed = new Set<string>();
    let retries = 0;
    let lastError: unknown;
    while (true) {
      let deployment: Deployment;
      try {
        deployment = await this.select(group, request, failed);
      } catch (selectionError) {
        // A retry that finds nothing left re-raises the call's error, as LiteLLM does.
        throw lastError ?? selectionError;
      }
      const routed: RoutedCall = {
        deployment,
        modelGroup: group,
        attemptedRetries: retries,
        attemptedFallbacks: depth,
      };
      try {
        const result = await this.callDeployment(deployment, group, request, routed);
        return withRouted(result, routed);
      } catch (error) {
        withRouted(error, routed);
        if (request.params.signal?.aborted) throw error;
        lastError = error;
        failed.add(deployment.id);
        const numRetries =
          numberParam(request.params.num_retries) ??
          numberParam(deployment.litellmParams.num_retries) ??
          this.options.num_retries ??
          defaultNumRetries;
        const allowed = retriesFor(
          error,
          numRetries,
          this.options.retry_policy,
          this.options.model_group_retry_policy?.[group],
        );
        if (retries >= allowed) throw error;
        const healthy = await this.healthyDeploymentIds(deployments);
        const retryAllowed = isRetryAllowed({
          error,
          hasContextWindowFallbacks:
            (lookupFallbacks(this.options.context_window_fallbacks, group)?.length ?? 0) > 0,
          hasContentPolicyFallbacks:
            (lookupFallbacks(this.options.content_policy_fallbacks, group)?.length ?? 0) > 0,
          groupSize: deployments.length,
          healthyDeployments: healthy.length,
        });
        if (!retryAllowed) throw error;
        const waitMs = retrySleepMs({
          retry: retries,
          error,
          otherHealthyDeployment:
            deployments.length > 1 && healthy.some(id => id !== deployment.id),
          retryAfterSeconds: this.options.retry_after ?? 0,
          random: this.random,
        });
        retries++;
        if (waitMs > 0) await this.sleep(waitMs, request.params.signal ?? undefined);
      }
    }
  }

  private async healthyDeploymentIds(deployments: readonly Deployment[]): Promise<string[]> {
    const cooldowns = await this.activeCooldowns(deployments, this.now());
    return deployments.filter(deployment => !cooldowns.has(deployment.id)).map(d => d.id);
  }

  private async activeCooldowns(
    deployments: readonly Deployment[],
    nowMs: number,
  ): Promise<Map<string, ActiveCooldown>> {
    if (this.options.disable_cooldowns) return new Map();
    return this.state.getCooldowns(
      deployments.map(deployment => deployment.id),
      nowMs,
    );
  }

  private promptTokensFor(request: RequestContext, deployment: Deployment): Promise<number> {
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

  /**
   * One pick: drop cooling-down deployments, those at their rpm/tpm limit or over budget,
   * those whose context window is too small (pre-call checks), those not matching the
   * request's tags, keep the lowest `order`, let the strategy pick, then take the pick's
   * rpm slot atomically (a lost race re-picks among the rest).
   */
  private async select(
    group: string,
    request: RequestContext,
    failed: ReadonlySet<string>,
  ): Promise<Deployment> {
    const all = this.deploymentsOf(group);
    const lostRace = new Set<string>();
    while (true) {
      const nowMs = this.now();
      const cooldowns = await this.activeCooldowns(all, nowMs);
      const cool = all.filter(deployment => !cooldowns.has(deployment.id));
      if (cool.length === 0) throw allCoolingDownError(group, cooldowns, nowMs, this.options);
      const ids = cool.map(deployment => deployment.id);
      const usage = await this.state.getUsage(ids, nowMs);
      const windows = new Map<string, BudgetWindow>();
      for (const deployment of cool) {
        const window = deploymentBudgetWindow(deployment, nowMs);
        if (window) windows.set(deployment.id, window);
      }
      const spend =
        windows.size > 0
          ? await this.state.getSpend(
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
        (this.options.enable_pre_call_checks ||
          this.strategy.needs.usage ||
          candidates.some(deployment => deployment.tpm !== undefined));
      if (needsTokens && candidates[0])
        inputTokens = await this.promptTokensFor(request, candidates[0]);
      if (this.options.enable_pre_call_checks && request.kind === 'completion') {
        candidates = filterByContextWindow(candidates, inputTokens);
        if (candidates.length === 0) {
          throw new ContextWindowExceededError({
            message: `No deployment of model=${group} has a context window for this prompt (${inputTokens} tokens; enable_pre_call_checks).`,
            model: group,
          });
        }
      }
      if (this.options.enable_tag_filtering) {
        candidates = filterByTags(candidates, request.tags, {
          matchAny: this.options.tag_filtering_match_any,
        });
        if (candidates.length === 0) {
          throw new BadRequestError({
            message: `no deployments matching the request tags=${JSON.stringify(request.tags ?? [])} and no default deployment for model=${group} (enable_tag_filtering)`,
            model: group,
          });
        }
      }
      candidates = filterByOrder(candidates);
      const needs = this.strategy.needs;
      const candidateIds = candidates.map(deployment => deployment.id);
      const picked = this.strategy.pick({
        deployments: candidates,
        inputTokens,
        stream: request.stream,
        usage,
        inFlight: needs.inFlight ? await this.state.getInFlight(candidateIds) : new Map(),
        latencies: needs.latencies ? await this.state.getLatencies(candidateIds) : new Map(),
        random: this.random,
      });
      if (await this.state.tryTakeRequest(picked.id, picked.rpm, nowMs)) return picked;
      lostRace.add(picked.id);
    }
  }

  private callParams(
    request: RequestContext,
    deployment: Deployment,
  ): Record<string, unknown> & {
    model: string;
  } {
    const params = request.params;
    const merged: Record<string, unknown> = { ...params };
    for (const key of requestKeysForRouter) delete merged[key];
    for (const [key, value] of Object.entries(deployment.litellmParams)) {
      if (!litellmParamsNotForCall.has(key) && value !== undefined && value !== null)
        merged[key] = value;
    }
    merged.model = deployment.litellmParams.model;
    // Retries and fallbacks are the router's; core makes exactly one attempt.
    merged.num_retries = 0;
    const streamTimeout = request.stream
      ? (numberParam(deployment.litellmParams.stream_timeout) ?? this.options.stream_timeout)
      : undefined;
    merged.timeout =
      numberParam(params.timeout) ??
      streamTimeout ??
      numberParam(deployment.litellmParams.timeout) ??
      this.options.timeout;
    if (merged.timeout === undefined) delete merged.timeout;
    if (merged.drop_params === undefined && this.options.drop_params !== undefined)
      merged.drop_params = this.options.drop_params;
    const baseModel = deployment.modelInfo.base_model;
    if (typeof baseModel === 'string' && merged.base_model === undefined)
      merged.base_model = baseModel;
    for (const priceKey of ['input_cost_per_token', 'output_cost_per_token'] as const) {
      const price = deployment.modelInfo[priceKey];
      if (
        merged[priceKey] === undefined &&
        (typeof price === 'number' || typeof price === 'string')
      )
        merged[priceKey] = price;
    }
    return merged as Record<string, unknown> & { model: string };
  }

  /** One call to one deployment, with its accounting (in-flight, outcome, tokens, latency, spend). */
  private async callDeployment(
    deployment: Deployment,
    group: string,
    request: RequestContext,
    routed: RoutedCall,
  ): Promise<ModelResponse | CompletionStream | EmbeddingResult> {
    const id = deployment.id;
    const startedMs = this.now();
    await this.quietly(this.state.addInFlight(id, 1), 'in-flight count');
    let result: ModelResponse | CompletionStream | EmbeddingResult;
    try {
      const params = this.callParams(request, deployment);
      result =
        request.kind === 'embedding'
          ? await embedding(params as EmbeddingParams & LiteLLMCallOptions)
          : await completion(params as CompletionParams);
    } catch (error) {
      await this.quietly(this.state.addInFlight(id, -1), 'in-flight count');
      await this.quietly(this.recordFailure(deployment, group, error, request), 'failure');
      throw error;
    }
    const hidden = result._hidden_params;
    hidden.attempted_retries = routed.attemptedRetries;
    hidden.attempted_fallbacks = routed.attemptedFallbacks;
    await this.quietly(this.state.recordOutcome(id, 'success', this.now()), 'success');
    if (isCompletionStream(result)) {
      const stream = result;
      this.watchStream(stream, {
        onFirstChunk: () => {
          const nowMs = this.now();
          const sample = latencySampleOf({
            durationMs: nowMs - startedMs,
            completionTokens: undefined,
            timeToFirstTokenMs: nowMs - startedMs,
            nowMs,
          });
          void this.quietly(
            this.state.recordLatency(id, sample, this.maxLatencySamples),
            'latency',
          );
        },
        // A stream that breaks mid-way counts against the deployment, as LiteLLM's failure callback does.
        onError: error =>
          void this.quietly(
            this.recordFailure(deployment, group, error, request),
            'stream failure',
          ),
      });
      void stream.done.then(final =>
        this.quietly(
          (async () => {
            await this.state.addInFlight(id, -1);
            await this.recordUsage(deployment, final);
          })(),
          'stream accounting',
        ),
      );
      return result;
    }
    const nowMs = this.now();
    await this.quietly(
      (async () => {
        await this.state.addInFlight(id, -1);
        await this.state.recordLatency(
          id,
          latencySampleOf({
            durationMs: nowMs - startedMs,
            completionTokens: hidden.usage.completionTokens,
            nowMs,
          }),
          this.maxLatencySamples,
        );
        await this.recordUsage(deployment, hidden);
      })(),
      'call accounting',
    );
    return result;
  }

  private async recordUsage(deployment: Deployment, hidden: HiddenParams): Promise<void> {
    const nowMs = this.now();
    if (hidden.usage.totalTokens > 0)
      await this.state.addTokens(deployment.id, hidden.usage.totalTokens, nowMs);
    const window = deploymentBudgetWindow(deployment, nowMs);
    if (window && hidden.response_cost_pico > 0n)
      await this.state.addSpend(
        deployment.id,
        window.startMs,
        hidden.response_cost_pico,
        window.endMs - nowMs,
      );
  }

  private async recordFailure(
    deployment: Deployment,
    group: string,
    error: unknown,
    request: RequestContext,
  ): Promise<void> {
    if (request.params.signal?.aborted) return;
    const nowMs = this.now();
    const outcomes = await this.state.recordOutcome(deployment.id, 'failure', nowMs);
    if (APITimeoutError.isInstance(error)) {
      await this.state.recordLatency(
        deployment.id,
        { secondsPerToken: latencyTimeoutPenaltySeconds, atMs: nowMs },
        this.maxLatencySamples,
      );
    }
    const status = cooldownEligibleStatus(error);
    if (status === undefined || this.options.disable_cooldowns) return;
    const cooldownSeconds =
      numberParam(deployment.litellmParams.cooldown_time) ??
      this.options.cooldown_time ??
      defaultCooldownSeconds;
    if (cooldownSeconds <= 0) return;
    const coolDown = shouldCoolDown({
      status,
      error,
      groupSize: this.deploymentsOf(group).length,
      outcomes,
      allowedFails: this.options.allowed_fails ?? defaultAllowedFails,
      allowedFailsPolicy: this.options.allowed_fails_policy,
    });
    if (!coolDown) return;
    await this.state.setCooldown(
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

  /** Routing bookkeeping never fails a call: a state error is logged and the call goes on. */
  private async quietly(work: Promise<unknown>, what: string): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.logger.warn(
        { error: error instanceof Error ? error.message : String(error) },
        `router state: recording ${what} failed`,
      );
    }
  }

  /** Watches a stream as it is read: its first chunk (time to first token) and an error part. */
  private watchStream(
    stream: CompletionStream,
    on: { onFirstChunk: () => void; onError: (error: unknown) => void },
  ): void {
    const parts = stream.parts.bind(stream);
    Object.defineProperty(stream, 'parts', {
      configurable: true,
      value: async function* watchedParts() {
        let first = true;
        for await (const part of parts()) {
          if (first && part.type === 'chunk') {
            first = false;
            on.onFirstChunk();
          }
          if (part.type === 'error') on.onError(part.error);
          yield part;
        }
      },
    });
  }
}

function isCompletionStream(
  value: ModelResponse | CompletionStream | EmbeddingResult,
): value is CompletionStream {
  return typeof (value as { done?: unknown }).done === 'object' && 'parts' in value;
}

function pythonList(items: readonly string[]): string {
  return `[${items.map(item => `'${item}'`).join(', ')}]`;
}

/** LiteLLM's RouterRateLimitError text when every deployment of the group is cooling down. */
function allCoolingDownError(
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

function atLimitError(
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

/** Appends the fallbacks tried to the original error, as LiteLLM does. */
function annotateFallbacks(error: APIError, group: string, tried: readonly string[]): void {
  const annotated = `${error.message}\nReceived Model Group=${group}\nAvailable Model Group Fallbacks=${pythonList(tried)}`;
  Object.defineProperty(error, 'message', { value: annotated, configurable: true, writable: true });
  Object.defineProperty(error, 'attemptedFallbackGroups', {
    value: [...tried],
    enumerable: false,
    configurable: true,
  });
}

/** Marks a result, or an error thrown by the call, with the deployment that was tried. */
function withRouted<T>(value: T, routed: RoutedCall): T & { routed: RoutedCall } {
  if (typeof value === 'object' && value !== null && Object.isExtensible(value)) {
    Object.defineProperty(value, 'routed', {
      value: routed,
      enumerable: false,
      configurable: true,
    });
  }
  return value as T & { routed: RoutedCall };
}

/** The deployment a failed call went to (the last one tried), when the router marked the error. */
export function routedCallOf(error: unknown): RoutedCall | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const routed = (error as { routed?: unknown }).routed;
  return routed && typeof routed === 'object' ? (routed as RoutedCall) : undefined;
}

/** The fallback groups tried before the router re-raised this error. */
export function attemptedFallbackGroupsOf(error: unknown): string[] {
  if (typeof error !== 'object' || error === null) return [];
  const groups = (error as { attemptedFallbackGroups?: unknown }).attemptedFallbackGroups;
  return isStringList(groups) ? groups : [];
}
