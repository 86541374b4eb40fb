import { describe, expect, it } from 'vitest';
import { createRoutingStrategy, routingStrategyNames } from './create-routing-strategy.js';
import type { LatencyBasedRoutingStrategy } from './latency-based.js';

describe('createRoutingStrategy', () => {
  it('defaults to simple-shuffle', () => {
    expect(createRoutingStrategy().name).toBe('simple-shuffle');
    expect(createRoutingStrategy(undefined).name).toBe('simple-shuffle');
  });

  it('builds each LiteLLM strategy by name', () => {
    expect(routingStrategyNames.map(name => createRoutingStrategy(name).name)).toEqual([
      'simple-shuffle',
      'least-busy',
      'latency-based-routing',
      'usage-based-routing-v2',
      'usage-based-routing-v2',
      'cost-based-routing',
    ]);
  });

  it('passes routing_strategy_args to latency-based-routing', () => {
    const strategy = createRoutingStrategy('latency-based-routing', {
      ttl: 120,
      lowest_latency_buffer: 0.25,
      max_latency_list_size: 4,
    }) as LatencyBasedRoutingStrategy;
    expect(strategy.ttlMs).toBe(120_000);
    expect(strategy.lowestLatencyBuffer).toBe(0.25);
    expect(strategy.maxLatencyListSize).toBe(4);
    expect(() => createRoutingStrategy('latency-based-routing', { ttl: 'soon' })).toThrow(
      /routing_strategy_args.ttl/,
    );
  });

  it('names the valid strategies when the name is unknown', () => {
    expect(() => createRoutingStrategy('fastest')).toThrow(
      'Unknown routing_strategy "fastest". Valid strategies: simple-shuffle, least-busy, latency-based-routing, usage-based-routing-v2, usage-based-routing, cost-based-routing.',
    );
  });
});
