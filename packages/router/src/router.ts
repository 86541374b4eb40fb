import {
  BadRequestError,
  type CompletionParams,
  type CompletionStream,
  completion,
  type EmbeddingParams,
  type EmbeddingResult,
  embedding,
  type LiteLLMCallOptions,
  type ModelResponse,
} from '@llmux/core';
import { type Deployment, type DeploymentConfig, toDeployment } from './deployment.js';
import { pickSimpleShuffle } from './simple-shuffle.js';

export interface RouterOptions {
  model_list: DeploymentConfig[];
  num_retries?: number | undefined;
  /** Seconds. */
  timeout?: number | undefined;
  drop_params?: boolean | undefined;
}

/** What the router adds to a response's `_hidden_params`. */
export interface RoutedCall {
  deployment: Deployment;
  modelGroup: string;
}

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
  'model_info',
  'use_in_pass_through',
  'use_litellm_proxy',
  'litellm_credential_name',
  'configurable_clientside_auth_params',
  'max_file_size_mb',
]);

/**
 * Many deployments behind one model name. This first version picks by simple-shuffle;
 * strategies, cooldowns, fallbacks and limits arrive with the router issue.
 *
 * @example
 * const router = new Router({ model_list: [{ model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o' } }] });
 * const response = await router.completion({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
 */
export class Router {
  private readonly groups = new Map<string, Deployment[]>();
  private readonly options: RouterOptions;

  constructor(options: RouterOptions) {
    this.options = options;
    for (const config of options.model_list) {
      const deployment = toDeployment(config);
      const group = this.groups.get(deployment.modelName);
      if (group) group.push(deployment);
      else this.groups.set(deployment.modelName, [deployment]);
    }
  }

  /** Model group names, in config order. */
  get modelNames(): string[] {
    return [...this.groups.keys()];
  }

  get deployments(): Deployment[] {
    return [...this.groups.values()].flat();
  }

  hasModel(modelName: string): boolean {
    return this.groups.has(modelName);
  }

  /** The deployment a call to `modelName` goes to. */
  pickDeployment(modelName: string): Deployment {
    const group = this.groups.get(modelName);
    if (!group || group.length === 0) {
      throw new BadRequestError({
        message: `Invalid model name passed in model=${modelName}. Call \`/v1/models\` to view available models for your key.`,
        param: 'model',
      });
    }
    return pickSimpleShuffle(group);
  }

  private callParams<T extends { model: string } & LiteLLMCallOptions>(
    params: T,
    deployment: Deployment,
  ): T {
    const merged: Record<string, unknown> = { ...(params as Record<string, unknown>) };
    for (const [key, value] of Object.entries(deployment.litellmParams)) {
      if (!litellmParamsNotForCall.has(key) && value !== undefined && value !== null)
        merged[key] = value;
    }
    merged.model = deployment.litellmParams.model;
    if (merged.num_retries === undefined && this.options.num_retries !== undefined)
      merged.num_retries = this.options.num_retries;
    if (merged.timeout === undefined && this.options.timeout !== undefined)
      merged.timeout = this.options.timeout;
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
    return merged as T;
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
    const deployment = this.pickDeployment(params.model);
    const routed = { deployment, modelGroup: params.model };
    const result = await completion(this.callParams(params, deployment)).catch(error => {
      throw withRouted(error, routed);
    });
    return withRouted(result, routed);
  }

  async embedding(params: EmbeddingParams): Promise<EmbeddingResult & { routed: RoutedCall }> {
    const deployment = this.pickDeployment(params.model);
    const routed = { deployment, modelGroup: params.model };
    const result = await embedding(this.callParams(params, deployment)).catch(error => {
      throw withRouted(error, routed);
    });
    return withRouted(result, routed);
  }
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

/** The deployment a failed call went to, when the router marked the error. */
export function routedCallOf(error: unknown): RoutedCall | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const routed = (error as { routed?: unknown }).routed;
  return routed && typeof routed === 'object' ? (routed as RoutedCall) : undefined;
}
