import type { Deployment } from '../deployment.js';
import type { LatencySample, MinuteUsage } from '../state/router-state.js';

/** What a strategy may look at when it picks: gathered by the router before each pick. */
export interface RoutingContext {
  /** Healthy candidates: not cooling down, under their limits and budgets, past pre-call checks. */
  deployments: readonly Deployment[];
  /** Prompt tokens of the request (for tpm headroom), when known. */
  inputTokens: number;
  stream: boolean;
  /** Current minute's usage per deployment id (missing = none). */
  usage: ReadonlyMap<string, MinuteUsage>;
  /** In-flight calls per deployment id (missing = 0). */
  inFlight: ReadonlyMap<string, number>;
  /** Latency samples per deployment id, newest last (missing = none). */
  latencies: ReadonlyMap<string, readonly LatencySample[]>;
  /** Random number in [0, 1); injected so tests are repeatable. */
  random: () => number;
}

/** Which state a strategy needs gathered; the router skips the reads it does not need. */
export interface StrategyNeeds {
  usage?: boolean;
  inFlight?: boolean;
  latencies?: boolean;
}

/** One routing strategy, by LiteLLM's name. `pick` gets at least one deployment. */
export interface RoutingStrategy {
  readonly name: RoutingStrategyName;
  readonly needs: StrategyNeeds;
  pick(context: RoutingContext): Deployment;
}

export type RoutingStrategyName =
  | 'simple-shuffle'
  | 'least-busy'
  | 'latency-based-routing'
  | 'usage-based-routing-v2'
  | 'usage-based-routing'
  | 'cost-based-routing';
