import type {
  CompletionParams,
  CompletionStream,
  EmbeddingParams,
  EmbeddingResult,
  ModelResponse,
} from '@llmux/core';
import type { Deployment } from './deployment.js';
import { isStringList } from './param-values.js';
import { type CallKind, createRequestContext } from './request-context.js';
import type { RoutedCall, RoutedResult } from './routed-call.js';
import { createRouterContext, type RouterContext } from './router-context.js';
import { type RouterOptions, validateRouterOptions } from './router-options.js';
import { runWithFallbacks } from './routing/run-with-fallbacks.js';
import type { RouterState } from './state/router-state.js';
import type { RoutingStrategy } from './strategies/routing-strategy.js';

export { attemptedFallbackGroupsOf, type RoutedCall, routedCallOf } from './routed-call.js';
export type { RouterOptions } from './router-options.js';

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
  private readonly context: RouterContext;

  constructor(options: RouterOptions) {
    validateRouterOptions(options);
    this.context = createRouterContext(options);
    this.state = this.context.state;
    this.strategy = this.context.strategy;
  }

  /** Model group names in config order, then aliases that are not hidden. */
  get modelNames(): string[] {
    return this.context.groups.names;
  }

  get deployments(): Deployment[] {
    return this.context.groups.deployments;
  }

  /**
   * The deployments whose `model_name` is `group` (aliases are not resolved), in config
   * order, without copying: what `deployments.filter(d => d.modelName === group)` returns.
   */
  deploymentsIn(group: string): readonly Deployment[] {
    return this.context.groups.deploymentsIn(group);
  }

  hasModel(modelName: string): boolean {
    const groups = this.context.groups;
    return groups.has(groups.groupOf(modelName));
  }

  /**
   * Closes the router's state (a Redis connection, when it has one), once the bookkeeping of
   * answered calls has been written.
   */
  async close(): Promise<void> {
    await this.context.background.settled();
    await this.state.close();
  }

  completion(
    params: CompletionParams & { stream: true },
  ): Promise<CompletionStream & { routed: RoutedCall }>;
  completion(
    params: CompletionParams & { stream?: false | null | undefined },
  ): Promise<ModelResponse & { routed: RoutedCall }>;
  completion(
    params: CompletionParams,
  ): Promise<(ModelResponse | CompletionStream) & { routed: RoutedCall }>;
  completion(
    params: CompletionParams,
  ): Promise<(ModelResponse | CompletionStream) & { routed: RoutedCall }> {
    return this.route('completion', params) as Promise<
      (ModelResponse | CompletionStream) & { routed: RoutedCall }
    >;
  }

  embedding(params: EmbeddingParams): Promise<EmbeddingResult & { routed: RoutedCall }> {
    return this.route('embedding', params) as Promise<EmbeddingResult & { routed: RoutedCall }>;
  }

  // Not `async`: the call's own promise is returned as is (one promise less per call); a
  // throw while setting it up (an unknown group) still comes back as a rejection.
  private route(kind: CallKind, params: CompletionParams | EmbeddingParams): Promise<RoutedResult> {
    try {
      const group = this.context.groups.groupOf(params.model);
      this.context.groups.deploymentsOf(group);
      const request = createRequestContext(kind, params);
      // Client-side fallbacks (`fallbacks: ["group-b"]` in the request) take precedence, as in LiteLLM.
      const requestFallbacks = isStringList(params.fallbacks) ? params.fallbacks : undefined;
      return runWithFallbacks(this.context, group, request, 0, new Set([group]), requestFallbacks);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
