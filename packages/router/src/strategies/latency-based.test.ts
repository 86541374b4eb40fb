import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LatencySample } from '../state/router-state.js';
import { createLatencyBasedStrategy, latencySampleOf } from './latency-based.js';
import { makeContext, makeDeployments, tally } from './routing-context.test-helper.js';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);

function samples(secondsPerToken: number[], extra: Partial<LatencySample> = {}): LatencySample[] {
  return secondsPerToken.map(value => ({ secondsPerToken: value, atMs: now - 1000, ...extra }));
}

describe('latency-based-routing', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const list = makeDeployments([{}, {}, {}]);

  it('has LiteLLM defaults and needs the latency samples', () => {
    const strategy = createLatencyBasedStrategy();
    expect(strategy.name).toBe('latency-based-routing');
    expect(strategy.needs).toEqual({ latencies: true });
    expect(strategy.ttlMs).toBe(3_600_000);
    expect(strategy.lowestLatencyBuffer).toBe(0);
    expect(strategy.maxLatencyListSize).toBe(10);
  });

  it('picks the lowest average seconds per output token', () => {
    const strategy = createLatencyBasedStrategy();
    const context = makeContext(list, {
      latencies: { d0: samples([0.02, 0.04]), d1: samples([0.01, 0.03]), d2: samples([0.05]) },
    });
    const counts = tally(() => strategy.pick(context), 200);
    expect(counts.get('d1')).toBe(200);
  });

  it('averages only the newest max_latency_list_size samples', () => {
    const strategy = createLatencyBasedStrategy({ max_latency_list_size: 2 });
    // d0's old slow samples fall out of the window; its newest two are the fastest.
    const context = makeContext(list.slice(0, 2), {
      latencies: { d0: samples([9, 9, 9, 0.01, 0.01]), d1: samples([0.02, 0.02]) },
    });
    expect(strategy.pick(context).id).toBe('d0');
  });

  it('picks at random among the deployments within lowest × (1 + buffer)', () => {
    const latencies = { d0: samples([1.0]), d1: samples([1.4]), d2: samples([1.6]) };
    const strict = createLatencyBasedStrategy();
    expect(tally(() => strict.pick(makeContext(list, { latencies })), 100).get('d0')).toBe(100);

    const buffered = createLatencyBasedStrategy({ lowest_latency_buffer: 0.5 });
    const context = makeContext(list, { latencies });
    const counts = tally(() => buffered.pick(context), 2000);
    expect(counts.get('d2')).toBeUndefined();
    expect(counts.get('d0')).toBeGreaterThan(900);
    expect(counts.get('d1')).toBeGreaterThan(900);
  });

  it('uses the time to first token for streams', () => {
    const strategy = createLatencyBasedStrategy();
    const latencies = {
      // d0 is faster per token, d1 answers its first token sooner.
      d0: samples([0.01], { timeToFirstTokenSeconds: 2 }),
      d1: samples([0.05], { timeToFirstTokenSeconds: 0.3 }),
    };
    expect(strategy.pick(makeContext(list.slice(0, 2), { latencies, stream: false })).id).toBe(
      'd0',
    );
    expect(strategy.pick(makeContext(list.slice(0, 2), { latencies, stream: true })).id).toBe('d1');
  });

  it('falls back to per-token latency for streams without TTFT samples', () => {
    const strategy = createLatencyBasedStrategy();
    const latencies = { d0: samples([0.01]), d1: samples([0.05]) };
    expect(strategy.pick(makeContext(list.slice(0, 2), { latencies, stream: true })).id).toBe('d0');
  });

  it('ignores samples older than ttl', () => {
    const strategy = createLatencyBasedStrategy({ ttl: 60 });
    const latencies = {
      // Counting d0's 2-minute-old fast sample, d0 would average 0.0755 s and win.
      d0: [
        { secondsPerToken: 0.001, atMs: now - 120_000 },
        { secondsPerToken: 0.15, atMs: now - 1000 },
      ],
      d1: samples([0.1]),
    };
    expect(strategy.pick(makeContext(list.slice(0, 2), { latencies })).id).toBe('d1');
    const longTtl = createLatencyBasedStrategy({ ttl: 3600 });
    expect(longTtl.pick(makeContext(list.slice(0, 2), { latencies })).id).toBe('d0');
  });

  it('tries unmeasured deployments first, including ones whose samples all went stale', () => {
    const strategy = createLatencyBasedStrategy({ ttl: 60 });
    const latencies = {
      d0: samples([0.01]),
      d1: [{ secondsPerToken: 0.001, atMs: now - 61_000 }],
      // d2 has never been measured.
    };
    const context = makeContext(list, { latencies });
    const counts = tally(() => strategy.pick(context), 1000);
    expect(counts.get('d0')).toBeUndefined();
    expect(counts.get('d1')).toBeGreaterThan(400);
    expect(counts.get('d2')).toBeGreaterThan(400);
  });

  it('reads the clock option when given', () => {
    const strategy = createLatencyBasedStrategy({ ttl: 1, now: () => now + 10_000 });
    const latencies = { d0: samples([0.01]), d1: samples([0.5]) };
    // Every sample is 11 s old against a 1 s ttl: both unmeasured.
    const context = makeContext(list.slice(0, 2), { latencies });
    const counts = tally(() => strategy.pick(context), 400);
    expect(counts.get('d1')).toBeGreaterThan(100);
  });

  it('rejects invalid arguments', () => {
    expect(() => createLatencyBasedStrategy({ ttl: 0 })).toThrow(/ttl must be a positive number/);
    expect(() => createLatencyBasedStrategy({ lowest_latency_buffer: -1 })).toThrow(
      /lowest_latency_buffer must be a non-negative number/,
    );
    expect(createLatencyBasedStrategy({ max_latency_list_size: '5' }).maxLatencyListSize).toBe(5);
  });

  it('builds samples as LiteLLM measures them', () => {
    expect(latencySampleOf({ durationMs: 2000, completionTokens: 100, nowMs: 5 })).toEqual({
      secondsPerToken: 0.02,
      timeToFirstTokenSeconds: undefined,
      atMs: 5,
    });
    expect(
      latencySampleOf({ durationMs: 1500, completionTokens: 0, timeToFirstTokenMs: 250, nowMs: 5 }),
    ).toEqual({ secondsPerToken: 1.5, timeToFirstTokenSeconds: 0.25, atMs: 5 });
  });
});
