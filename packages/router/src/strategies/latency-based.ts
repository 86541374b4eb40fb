import type { Deployment } from '../deployment.js';
import type { LatencySample } from '../state/router-state.js';
import { pickRandom } from './pick-random.js';
import type { RoutingContext, RoutingStrategy } from './routing-strategy.js';

/** LiteLLM's `routing_strategy_args` for `latency-based-routing`. */
export interface LatencyBasedOptions {
  /** Seconds a sample counts for (LiteLLM's cache TTL); older samples are ignored. Default 3600. */
  ttl?: number | string | undefined;
  /** Deployments within `lowest × (1 + buffer)` are picked at random. Default 0. */
  lowest_latency_buffer?: number | string | undefined;
  /** Samples kept (and averaged) per deployment. Default 10. */
  max_latency_list_size?: number | string | undefined;
  /** Clock in epoch milliseconds; `Date.now` by default (so fake timers drive it). */
  now?: (() => number) | undefined;
}

/** The latency strategy also tells the router how many samples to keep. */
export interface LatencyBasedRoutingStrategy extends RoutingStrategy {
  readonly name: 'latency-based-routing';
  /** Pass as `maxSamples` to `RouterState.recordLatency`. */
  readonly maxLatencyListSize: number;
  readonly ttlMs: number;
  readonly lowestLatencyBuffer: number;
}

/** LiteLLM records a timed-out call as a 1000 s sample, so the deployment sinks to the bottom. */
export const latencyTimeoutPenaltySeconds = 1000;

/**
 * A latency sample from a finished call, as LiteLLM measures it: seconds per completion
 * token (total seconds when the response has no completion tokens). The time to first
 * token is kept as plain seconds.
 */
export function latencySampleOf(call: {
  durationMs: number;
  completionTokens: number | undefined;
  timeToFirstTokenMs?: number | undefined;
  nowMs: number;
}): LatencySample {
  const seconds = call.durationMs / 1000;
  const tokens = call.completionTokens ?? 0;
  return {
    secondsPerToken: tokens > 0 ? seconds / tokens : seconds,
    timeToFirstTokenSeconds:
      call.timeToFirstTokenMs === undefined ? undefined : call.timeToFirstTokenMs / 1000,
    atMs: call.nowMs,
  };
}

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Average latency of the fresh samples (newest `maxSamples` within the ttl); undefined when
 * the deployment has none. For streams the time-to-first-token average is used when the
 * deployment has TTFT samples.
 */
function averageLatency(
  samples: readonly LatencySample[] | undefined,
  stream: boolean,
  oldestAtMs: number,
  maxSamples: number,
): number | undefined {
  const fresh = (samples ?? []).filter(sample => sample.atMs >= oldestAtMs).slice(-maxSamples);
  if (fresh.length === 0) return undefined;
  if (stream) {
    const firstTokens = fresh.flatMap(sample =>
      sample.timeToFirstTokenSeconds === undefined ? [] : [sample.timeToFirstTokenSeconds],
    );
    if (firstTokens.length > 0) return average(firstTokens);
  }
  return average(fresh.map(sample => sample.secondsPerToken));
}

function numberArg(name: string, value: unknown, fallback: number, allowZero: boolean) {
  if (value === undefined || value === null) return fallback;
  const parsed = typeof value === 'string' ? Number(value) : value;
  if (
    typeof parsed !== 'number' ||
    !Number.isFinite(parsed) ||
    parsed < 0 ||
    (!allowZero && parsed === 0)
  )
    throw new Error(
      `routing_strategy_args.${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${JSON.stringify(value)}`,
    );
  return parsed;
}

/**
 * `latency-based-routing`: the deployment with the lowest average latency per output token
 * (time to first token for streams). Deployments without fresh samples count as 0 s, as in
 * LiteLLM, so they are tried first and get measured. Among those within
 * `lowest × (1 + lowest_latency_buffer)` one is picked at random.
 *
 * @example
 * const strategy = createLatencyBasedStrategy({ lowest_latency_buffer: 0.5 });
 */
export function createLatencyBasedStrategy(
  options: LatencyBasedOptions = {},
): LatencyBasedRoutingStrategy {
  const ttlMs = numberArg('ttl', options.ttl, 3600, false) * 1000;
  const buffer = numberArg('lowest_latency_buffer', options.lowest_latency_buffer, 0, true);
  const maxSamples = Math.max(
    1,
    Math.floor(numberArg('max_latency_list_size', options.max_latency_list_size, 10, false)),
  );
  const now = options.now ?? Date.now;
  return {
    name: 'latency-based-routing',
    needs: { latencies: true },
    maxLatencyListSize: maxSamples,
    ttlMs,
    lowestLatencyBuffer: buffer,
    pick(context: RoutingContext): Deployment {
      const oldestAtMs = now() - ttlMs;
      const measured = context.deployments.map(deployment => ({
        deployment,
        latency:
          averageLatency(
            context.latencies.get(deployment.id),
            context.stream,
            oldestAtMs,
            maxSamples,
          ) ?? 0,
      }));
      const lowest = Math.min(...measured.map(entry => entry.latency));
      const ceiling = lowest * (1 + buffer);
      const candidates = measured
        .filter(entry => entry.latency <= ceiling)
        .map(entry => entry.deployment);
      return pickRandom(candidates, context.random);
    },
  };
}
