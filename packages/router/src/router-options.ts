import { budgetWindowStart } from '@llmux/core';
import type { DeploymentConfig } from './deployment.js';
import type { RouterState } from './state/router-state.js';
import type { RouterStateLogger } from './state/router-state-logger.js';
import type { RoutingStrategyName } from './strategies/routing-strategy.js';

/** `[{ "group-a": ["group-b", "group-c"] }]`; the key `"*"` matches any group. */
export type FallbackList = Array<Record<string, string[]>>;

/** Retries per error class; overrides `num_retries` for that class. */
export interface RetryPolicy {
  BadRequestErrorRetries?: number | undefined;
  AuthenticationErrorRetries?: number | undefined;
  TimeoutErrorRetries?: number | undefined;
  RateLimitErrorRetries?: number | undefined;
  ContentPolicyViolationErrorRetries?: number | undefined;
  InternalServerErrorRetries?: number | undefined;
}

/** Failures per minute allowed per error class before a cooldown; overrides `allowed_fails`. */
export interface AllowedFailsPolicy {
  BadRequestErrorAllowedFails?: number | undefined;
  AuthenticationErrorAllowedFails?: number | undefined;
  TimeoutErrorAllowedFails?: number | undefined;
  RateLimitErrorAllowedFails?: number | undefined;
  ContentPolicyViolationErrorAllowedFails?: number | undefined;
  InternalServerErrorAllowedFails?: number | undefined;
}

/** `{ alias: group }` or `{ alias: { model: group, hidden: true } }` (hidden: not listed). */
export type ModelGroupAlias = Record<
  string,
  string | { model: string; hidden?: boolean | undefined }
>;

/** pino-shaped logger for the router's warnings (a pino logger fits as is). */
export type RouterLogger = RouterStateLogger;

/** LiteLLM's `Router(...)` arguments, under LiteLLM's names (times in seconds). */
export interface RouterOptions {
  model_list: DeploymentConfig[];
  /** Default `simple-shuffle`. */
  routing_strategy?: RoutingStrategyName | undefined;
  routing_strategy_args?: Record<string, unknown> | undefined;
  /** Retries per model group; request > deployment > router > 2 (LiteLLM's default). */
  num_retries?: number | undefined;
  /** Minimum seconds between retries when the retry has to wait. Default 0. */
  retry_after?: number | undefined;
  /** Seconds per upstream call (request > deployment > router). */
  timeout?: number | undefined;
  /** Seconds until a stream must start (request > deployment > router). */
  stream_timeout?: number | undefined;
  drop_params?: boolean | undefined;
  /** Failures in a minute a deployment may have before it cools down. Default 3. */
  allowed_fails?: number | undefined;
  allowed_fails_policy?: AllowedFailsPolicy | undefined;
  /** Seconds a deployment cools down; `litellm_params.cooldown_time` overrides; 0 disables. Default 5. */
  cooldown_time?: number | undefined;
  disable_cooldowns?: boolean | undefined;
  retry_policy?: RetryPolicy | undefined;
  model_group_retry_policy?: Record<string, RetryPolicy> | undefined;
  fallbacks?: FallbackList | undefined;
  context_window_fallbacks?: FallbackList | undefined;
  content_policy_fallbacks?: FallbackList | undefined;
  /** Groups tried after any group's own fallbacks are missing (LiteLLM appends them as `"*"`). */
  default_fallbacks?: string[] | undefined;
  /** Fallback depth cap. Default 5. */
  max_fallbacks?: number | undefined;
  /** Drop deployments whose context window cannot hold the prompt. */
  enable_pre_call_checks?: boolean | undefined;
  enable_tag_filtering?: boolean | undefined;
  /** With tag filtering: a deployment needs any one of the request's tags (true) or all (false). Default true. */
  tag_filtering_match_any?: boolean | undefined;
  model_group_alias?: ModelGroupAlias | undefined;
  redis_host?: string | undefined;
  redis_port?: number | undefined;
  redis_password?: string | undefined;
  redis_url?: string | undefined;
  redis_db?: number | undefined;
  /**
   * Router state to use instead of building one from the Redis settings (tests, or a state
   * shared by several routers). Without it: Redis (resilient) when configured, else memory.
   */
  state?: RouterState | undefined;
  logger?: RouterLogger | undefined;
  /** Clock in ms; default `Date.now`. */
  now?: (() => number) | undefined;
  /** Random number in [0, 1); default `Math.random`. */
  random?: (() => number) | undefined;
  /** Waits between retries; default a real timer. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

const routingStrategies: ReadonlySet<string> = new Set([
  'simple-shuffle',
  'least-busy',
  'latency-based-routing',
  'usage-based-routing-v2',
  'usage-based-routing',
  'cost-based-routing',
]);

const retryPolicyKeys: ReadonlySet<string> = new Set([
  'BadRequestErrorRetries',
  'AuthenticationErrorRetries',
  'TimeoutErrorRetries',
  'RateLimitErrorRetries',
  'ContentPolicyViolationErrorRetries',
  'InternalServerErrorRetries',
]);

const allowedFailsPolicyKeys: ReadonlySet<string> = new Set(
  [...retryPolicyKeys].map(key => key.replace(/Retries$/, 'AllowedFails')),
);

/** Thrown by `new Router()` for a bad option; the message names the option. */
export class RouterOptionsError extends Error {
  readonly option: string;
  constructor(option: string, problem: string) {
    super(`Invalid router option \`${option}\`: ${problem}`);
    this.name = 'RouterOptionsError';
    this.option = option;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a map' : `${typeof value} ${String(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkNumber(option: string, value: unknown, integer = false): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new RouterOptionsError(option, `expected a number of 0 or more, got ${describe(value)}`);
  if (integer && !Number.isInteger(value))
    throw new RouterOptionsError(option, `expected a whole number, got ${value}`);
}

function checkBoolean(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean')
    throw new RouterOptionsError(option, `expected true or false, got ${describe(value)}`);
}

function checkPolicy(option: string, value: unknown, keys: ReadonlySet<string>): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value))
    throw new RouterOptionsError(option, `expected a map, got ${describe(value)}`);
  for (const [key, count] of Object.entries(value)) {
    if (!keys.has(key))
      throw new RouterOptionsError(
        `${option}.${key}`,
        `unknown key; expected one of ${[...keys].join(', ')}`,
      );
    checkNumber(`${option}.${key}`, count, true);
  }
}

function checkFallbacks(option: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value))
    throw new RouterOptionsError(
      option,
      `expected a list like [{"group": ["fallback"]}], got ${describe(value)}`,
    );
  for (const [index, entry] of value.entries()) {
    if (!isRecord(entry))
      throw new RouterOptionsError(
        `${option}[${index}]`,
        `expected a map of group to a list of groups, got ${describe(entry)}`,
      );
    for (const [group, targets] of Object.entries(entry)) {
      if (!Array.isArray(targets) || targets.some(target => typeof target !== 'string'))
        throw new RouterOptionsError(
          `${option}[${index}].${group}`,
          'expected a list of model group names',
        );
    }
  }
}

/** Checks every option `new Router()` reads; throws `RouterOptionsError` naming the first bad one. */
export function validateRouterOptions(options: RouterOptions): void {
  if (!isRecord(options)) throw new RouterOptionsError('options', 'expected a map');
  if (!Array.isArray(options.model_list))
    throw new RouterOptionsError(
      'model_list',
      `expected a list of deployments, got ${describe(options.model_list)}`,
    );
  for (const [index, deployment] of options.model_list.entries()) {
    if (
      !isRecord(deployment) ||
      typeof deployment.model_name !== 'string' ||
      deployment.model_name === ''
    )
      throw new RouterOptionsError(
        `model_list[${index}].model_name`,
        'expected a non-empty string',
      );
    if (!isRecord(deployment.litellm_params) || typeof deployment.litellm_params.model !== 'string')
      throw new RouterOptionsError(
        `model_list[${index}].litellm_params.model`,
        'expected a provider/model string',
      );
    const params = deployment.litellm_params;
    for (const key of ['rpm', 'tpm', 'weight', 'cooldown_time', 'max_budget'] as const) {
      const raw = params[key];
      checkNumber(
        `model_list[${index}].litellm_params.${key}`,
        typeof raw === 'string' ? Number(raw) : raw,
      );
    }
    if (params.budget_duration !== undefined) {
      const option = `model_list[${index}].litellm_params.budget_duration`;
      if (typeof params.budget_duration !== 'string')
        throw new RouterOptionsError(
          option,
          `expected a duration such as "30s", "1h", "30d", got ${describe(params.budget_duration)}`,
        );
      try {
        budgetWindowStart(params.budget_duration, 0);
      } catch (error) {
        throw new RouterOptionsError(option, (error as Error).message);
      }
    }
  }
  if (options.routing_strategy !== undefined && !routingStrategies.has(options.routing_strategy))
    throw new RouterOptionsError(
      'routing_strategy',
      `unknown strategy ${JSON.stringify(options.routing_strategy)}; expected one of ${[...routingStrategies].join(', ')}`,
    );
  if (options.routing_strategy_args !== undefined && !isRecord(options.routing_strategy_args))
    throw new RouterOptionsError(
      'routing_strategy_args',
      `expected a map, got ${describe(options.routing_strategy_args)}`,
    );
  checkNumber('num_retries', options.num_retries, true);
  checkNumber('retry_after', options.retry_after);
  checkNumber('timeout', options.timeout);
  checkNumber('stream_timeout', options.stream_timeout);
  checkNumber('allowed_fails', options.allowed_fails, true);
  checkNumber('cooldown_time', options.cooldown_time);
  checkNumber('max_fallbacks', options.max_fallbacks, true);
  checkNumber('redis_port', options.redis_port, true);
  checkNumber('redis_db', options.redis_db, true);
  for (const key of [
    'drop_params',
    'disable_cooldowns',
    'enable_pre_call_checks',
    'enable_tag_filtering',
    'tag_filtering_match_any',
  ] as const)
    checkBoolean(key, options[key]);
  checkPolicy('retry_policy', options.retry_policy, retryPolicyKeys);
  checkPolicy('allowed_fails_policy', options.allowed_fails_policy, allowedFailsPolicyKeys);
  if (options.model_group_retry_policy !== undefined) {
    if (!isRecord(options.model_group_retry_policy))
      throw new RouterOptionsError(
        'model_group_retry_policy',
        'expected a map of group to retry policy',
      );
    for (const [group, policy] of Object.entries(options.model_group_retry_policy))
      checkPolicy(`model_group_retry_policy.${group}`, policy, retryPolicyKeys);
  }
  checkFallbacks('fallbacks', options.fallbacks);
  checkFallbacks('context_window_fallbacks', options.context_window_fallbacks);
  checkFallbacks('content_policy_fallbacks', options.content_policy_fallbacks);
  if (
    options.default_fallbacks !== undefined &&
    options.default_fallbacks !== null &&
    (!Array.isArray(options.default_fallbacks) ||
      options.default_fallbacks.some(group => typeof group !== 'string'))
  )
    throw new RouterOptionsError('default_fallbacks', 'expected a list of model group names');
  if (options.model_group_alias !== undefined) {
    if (!isRecord(options.model_group_alias))
      throw new RouterOptionsError('model_group_alias', 'expected a map of alias to group');
    for (const [alias, target] of Object.entries(options.model_group_alias)) {
      const group =
        typeof target === 'string' ? target : isRecord(target) ? target.model : undefined;
      if (typeof group !== 'string')
        throw new RouterOptionsError(
          `model_group_alias.${alias}`,
          'expected a group name or { model, hidden }',
        );
    }
  }
  for (const key of ['now', 'random', 'sleep'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function')
      throw new RouterOptionsError(key, 'expected a function');
  }
}
