import { createCostBasedStrategy } from './cost-based.js';
import { createLatencyBasedStrategy } from './latency-based.js';
import { createLeastBusyStrategy } from './least-busy.js';
import type { RoutingStrategy, RoutingStrategyName } from './routing-strategy.js';
import { createSimpleShuffleStrategy } from './simple-shuffle.js';
import { createUsageBasedStrategy } from './usage-based.js';

/** Every `routing_strategy` name, as LiteLLM spells them. */
export const routingStrategyNames: readonly RoutingStrategyName[] = [
  'simple-shuffle',
  'least-busy',
  'latency-based-routing',
  'usage-based-routing-v2',
  'usage-based-routing',
  'cost-based-routing',
];

export interface CreateRoutingStrategyOptions {
  /** Clock in epoch milliseconds for strategies that look at time; `Date.now` by default. */
  now?: (() => number) | undefined;
}

export function isRoutingStrategyName(name: unknown): name is RoutingStrategyName {
  return typeof name === 'string' && (routingStrategyNames as readonly string[]).includes(name);
}

/**
 * The strategy named by `router_settings.routing_strategy` (default `simple-shuffle`),
 * configured by `routing_strategy_args` (latency-based: `ttl` seconds (3600),
 * `lowest_latency_buffer` (0), `max_latency_list_size` (10); other args are ignored).
 * `usage-based-routing` (LiteLLM's superseded v1) runs the v2 algorithm.
 *
 * @throws Error naming the valid strategies when `name` is unknown, or when an argument
 * is not a valid number.
 * @example
 * const strategy = createRoutingStrategy('latency-based-routing', { lowest_latency_buffer: 0.2 });
 */
export function createRoutingStrategy(
  name: string | undefined = 'simple-shuffle',
  args: Readonly<Record<string, unknown>> = {},
  options: CreateRoutingStrategyOptions = {},
): RoutingStrategy {
  if (!isRoutingStrategyName(name)) {
    throw new Error(
      `Unknown routing_strategy ${JSON.stringify(name)}. Valid strategies: ${routingStrategyNames.join(', ')}.`,
    );
  }
  switch (name) {
    case 'simple-shuffle':
      return createSimpleShuffleStrategy();
    case 'least-busy':
      return createLeastBusyStrategy();
    case 'latency-based-routing':
      return createLatencyBasedStrategy({
        ttl: args.ttl as number | string | undefined,
        lowest_latency_buffer: args.lowest_latency_buffer as number | string | undefined,
        max_latency_list_size: args.max_latency_list_size as number | string | undefined,
        now: options.now,
      });
    case 'usage-based-routing':
    case 'usage-based-routing-v2':
      return createUsageBasedStrategy({ now: options.now });
    case 'cost-based-routing':
      return createCostBasedStrategy();
  }
}
