import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import { createInMemoryRouterState } from './in-memory-router-state.js';
import { createRedisRouterState } from './redis-router-state.js';
import type { CooldownRecord, RouterState } from './router-state.js';

// One behavioural table, run against every implementation.
let redis: RedisTestServer | undefined;

const implementations: Array<{ name: string; create: () => RouterState }> = [
  { name: 'in-memory', create: () => createInMemoryRouterState() },
  {
    name: 'redis',
    create: () => {
      if (!redis) throw new Error('Redis test server did not start');
      return createRedisRouterState({ redis_url: redis.url, keyPrefix: `test:${randomUUID()}:` });
    },
  },
];

// 12:00:00 UTC on some day, close to real time so Redis TTLs (real time) stay meaningful.
const minuteStart = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 12 * 60_000;
const record: CooldownRecord = {
  exception: 'RateLimitError: too many requests',
  status: 429,
  timestampMs: minuteStart,
  cooldownSeconds: 5,
};

describe.each(implementations)('RouterState ($name)', ({ name, create }) => {
  beforeAll(async () => {
    if (name === 'redis') redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const opened: RouterState[] = [];
  const open = () => {
    const state = create();
    opened.push(state);
    return state;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(state => state.close()));
  });

  it('keeps a cooldown until nowMs + ttl and reports when it ends', async () => {
    const state = open();
    await state.setCooldown('a', record, 5_000, minuteStart);
    const during = await state.getCooldowns(['a', 'b'], minuteStart + 4_999);
    expect([...during.keys()]).toEqual(['a']);
    expect(during.get('a')).toEqual({ ...record, untilMs: minuteStart + 5_000 });
    expect((await state.getCooldowns(['a'], minuteStart + 5_000)).size).toBe(0);
  });

  it('replaces a cooldown when set again', async () => {
    const state = open();
    await state.setCooldown('a', record, 1_000, minuteStart);
    await state.setCooldown('a', { ...record, status: 500 }, 10_000, minuteStart + 500);
    const cooldown = (await state.getCooldowns(['a'], minuteStart + 2_000)).get('a');
    expect(cooldown).toMatchObject({ status: 500, untilMs: minuteStart + 10_500 });
  });

  it('counts outcomes per deployment and UTC minute', async () => {
    const state = open();
    expect(await state.recordOutcome('a', 'failure', minuteStart)).toEqual({
      successes: 0,
      failures: 1,
    });
    await state.recordOutcome('a', 'success', minuteStart + 10_000);
    await state.recordOutcome('b', 'failure', minuteStart + 10_000);
    expect(await state.recordOutcome('a', 'failure', minuteStart + 59_999)).toEqual({
      successes: 1,
      failures: 2,
    });
    expect(await state.recordOutcome('a', 'success', minuteStart + 60_000)).toEqual({
      successes: 1,
      failures: 0,
    });
  });

  it('takes requests up to the rpm limit of the current minute', async () => {
    const state = open();
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await state.tryTakeRequest('a', 3, minuteStart + i));
    expect(taken).toEqual([true, true, true, false]);
    expect(await state.tryTakeRequest('b', 3, minuteStart)).toBe(true);
    expect(await state.tryTakeRequest('a', 3, minuteStart + 60_000)).toBe(true);
    expect(await state.tryTakeRequest('c', 0, minuteStart)).toBe(false);
    const usage = await state.getUsage(['a', 'b', 'c'], minuteStart + 1);
    expect(usage.get('a')).toEqual({ requests: 3, tokens: 0 });
    expect(usage.get('c')).toEqual({ requests: 0, tokens: 0 });
  });

  it('counts every request when there is no limit', async () => {
    const state = open();
    for (let i = 0; i < 5; i++)
      expect(await state.tryTakeRequest('a', undefined, minuteStart)).toBe(true);
    expect((await state.getUsage(['a'], minuteStart)).get('a')).toEqual({ requests: 5, tokens: 0 });
  });

  it('gives exactly the limit under concurrent calls', async () => {
    const state = open();
    const results = await Promise.all(
      Array.from({ length: 200 }, () => state.tryTakeRequest('a', 100, minuteStart)),
    );
    expect(results.filter(Boolean)).toHaveLength(100);
  });

  it('adds tokens to the current minute only', async () => {
    const state = open();
    await state.addTokens('a', 100, minuteStart);
    await state.addTokens('a', 50, minuteStart + 30_000);
    await state.addTokens('a', 7, minuteStart + 60_000);
    const usage = await state.getUsage(['a', 'unknown'], minuteStart + 59_000);
    expect(usage.get('a')).toEqual({ requests: 0, tokens: 150 });
    expect(usage.get('unknown')).toEqual({ requests: 0, tokens: 0 });
    expect((await state.getUsage(['a'], minuteStart + 60_000)).get('a')).toEqual({
      requests: 0,
      tokens: 7,
    });
  });

  it('tracks in-flight calls and never goes below zero', async () => {
    const state = open();
    await state.addInFlight('a', 1);
    await state.addInFlight('a', 1);
    await state.addInFlight('b', 1);
    await state.addInFlight('a', -1);
    await state.addInFlight('c', -1);
    const inFlight = await state.getInFlight(['a', 'b', 'c', 'd']);
    expect(Object.fromEntries(inFlight)).toEqual({ a: 1, b: 1, c: 0, d: 0 });
    await state.addInFlight('c', 1);
    expect((await state.getInFlight(['c'])).get('c')).toBe(1);
  });

  it('keeps the newest maxSamples latencies, oldest first', async () => {
    const state = open();
    for (let i = 1; i <= 5; i++) {
      await state.recordLatency(
        'a',
        {
          secondsPerToken: i / 10,
          timeToFirstTokenSeconds: i % 2 ? i : undefined,
          atMs: minuteStart + i,
        },
        3,
      );
    }
    const latencies = await state.getLatencies(['a', 'b']);
    expect(latencies.get('a')?.map(sample => sample.secondsPerToken)).toEqual([0.3, 0.4, 0.5]);
    expect(latencies.get('a')?.[0]).toEqual({
      secondsPerToken: 0.3,
      timeToFirstTokenSeconds: 3,
      atMs: minuteStart + 3,
    });
    expect(latencies.get('a')?.[1]?.timeToFirstTokenSeconds).toBeUndefined();
    expect(latencies.get('b')).toEqual([]);
  });

  it('adds spend per deployment and window, exactly past 2^53', async () => {
    const state = open();
    const big = 2n ** 53n + 1n;
    expect(await state.addSpend('a', 0, big, 60_000)).toBe(big);
    expect(await state.addSpend('a', 0, big, 60_000)).toBe(2n * big);
    expect(await state.addSpend('a', 3_600_000, 5n, 60_000)).toBe(5n);
    await state.addSpend('b', 0, 1n, 60_000);
    const spend = await state.getSpend([
      { deploymentId: 'a', windowStartMs: 0 },
      { deploymentId: 'b', windowStartMs: 0 },
      { deploymentId: 'c', windowStartMs: 0 },
    ]);
    expect(Object.fromEntries(spend)).toEqual({ a: 2n * big, b: 1n, c: 0n });
    expect((await state.getSpend([{ deploymentId: 'a', windowStartMs: 3_600_000 }])).get('a')).toBe(
      5n,
    );
  });

  it('forgets spend after its ttl', async () => {
    const state = open();
    await state.addSpend('a', 0, 10n, 50);
    await new Promise(resolve => setTimeout(resolve, 120));
    expect((await state.getSpend([{ deploymentId: 'a', windowStartMs: 0 }])).get('a')).toBe(0n);
    expect(await state.addSpend('a', 0, 1n, 60_000)).toBe(1n);
  });
});

describe('in-memory RouterState', () => {
  it('answers every call synchronously, without a promise', () => {
    const state = createInMemoryRouterState();
    const now = minuteStart;
    expect(state.tryTakeRequest('a', 1, now)).toBe(true);
    expect(state.tryTakeRequest('a', 1, now)).toBe(false);
    expect(state.addInFlight('a', 1)).toBeUndefined();
    expect(state.getInFlight(['a'])).toEqual(new Map([['a', 1]]));
    expect(state.recordOutcome('a', 'success', now)).toEqual({ successes: 1, failures: 0 });
    expect(state.getUsage(['a'], now)).toEqual(new Map([['a', { requests: 1, tokens: 0 }]]));
    expect(state.setCooldown('a', record, 5_000, now)).toBeUndefined();
    expect(state.getCooldowns(['a', 'b'], now).get('a')?.untilMs).toBe(now + 5_000);
  });
});
