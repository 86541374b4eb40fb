import { sleep as abortableSleep } from '@llmux/core';
import { BackgroundWrites } from './accounting/background-writes.js';
import { ModelGroups } from './model-groups.js';
import { numberParam } from './param-values.js';
import type { RouterLogger, RouterOptions } from './router-options.js';
import { createRouterState } from './state/create-router-state.js';
import type { RouterState } from './state/router-state.js';
import { stderrRouterStateLogger } from './state/router-state-logger.js';
import { createRoutingStrategy } from './strategies/create-routing-strategy.js';
import type { RoutingStrategy } from './strategies/routing-strategy.js';

/** LiteLLM's default. */
const defaultMaxLatencySamples = 10;

/** What selection, the attempt loop and accounting share: one router's settings and state. */
export interface RouterContext {
  readonly options: RouterOptions;
  readonly groups: ModelGroups;
  readonly state: RouterState;
  readonly strategy: RoutingStrategy;
  readonly now: () => number;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly logger: RouterLogger;
  readonly maxLatencySamples: number;
  /** Bookkeeping the calls' answers did not wait for; `Router.close()` waits for it. */
  readonly background: BackgroundWrites;
}

/** Builds a router's context from its (validated) options; the state is created last. */
export function createRouterContext(options: RouterOptions): RouterContext {
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const logger = options.logger ?? stderrRouterStateLogger;
  const groups = new ModelGroups(options.model_list, options.model_group_alias);
  const strategy = createRoutingStrategy(
    options.routing_strategy ?? 'simple-shuffle',
    options.routing_strategy_args ?? {},
    { now },
  );
  const maxLatencySamples =
    numberParam(options.routing_strategy_args?.max_latency_list_size) ?? defaultMaxLatencySamples;
  const state =
    options.state ??
    createRouterState(
      {
        redis_host: options.redis_host,
        redis_port: options.redis_port,
        redis_password: options.redis_password,
        redis_url: options.redis_url,
        redis_db: options.redis_db,
      },
      logger,
    );
  return {
    options,
    groups,
    state,
    strategy,
    now,
    random,
    sleep,
    logger,
    maxLatencySamples,
    background: new BackgroundWrites(),
  };
}
