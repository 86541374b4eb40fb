import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import { createRedisRouterState, minuteKeyOf } from './redis-router-state.js';
import type { RouterState } from './router-state.js';

let server: RedisTestServer;
let raw: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  raw = new Redis(server.url);
});
afterAll(async () => {
  raw?.disconnect();
  await server?.stop();
});

describe('createRedisRouterState', () => {
  const opened: RouterState[] = [];
  let prefix: string;
  const open = () => {
    const state = createRedisRouterState({ redis_url: server.url, keyPrefix: prefix });
    opened.push(state);
    return state;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(state => state.close()));
  });
  beforeAll(() => {
    prefix = `t:${randomUUID()}:`;
  });

  it('holds an rpm limit of 100 across two connections under 200 concurrent calls', async () => {
    const [a, b] = [open(), open()];
    const nowMs = Date.now();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).tryTakeRequest('shared', 100, nowMs)),
    );
    expect(results.filter(Boolean)).toHaveLength(100);
    expect((await a.getUsage(['shared'], nowMs)).get('shared')?.requests).toBe(100);
  });

  it('shares cooldowns between instances', async () => {
    const [a, b] = [open(), open()];
    const nowMs = Date.now();
    const record = { exception: 'boom', status: 500, timestampMs: nowMs, cooldownSeconds: 5 };
    await a.setCooldown('d1', record, 5_000, nowMs);
    expect((await b.getCooldowns(['d1', 'd2'], nowMs + 1)).get('d1')).toEqual({
      ...record,
      untilMs: nowMs + 5_000,
    });
  });

  it('answers cooldowns from memory for 100 ms, then sees one another instance set', async () => {
    const [a, b] = [open(), open()];
    const nowMs = Date.now();
    expect(await b.getCooldowns(['fresh'], nowMs)).toEqual(new Map());
    const record = { exception: 'boom', status: 500, timestampMs: nowMs, cooldownSeconds: 5 };
    await a.setCooldown('fresh', record, 5_000, nowMs);
    // Within 100 ms of its read, b answers from memory: synchronously, and without a's cooldown.
    const remembered = b.getCooldowns(['fresh'], nowMs + 99);
    expect(remembered).toEqual(new Map());
    // a set it, so a knows it without reading.
    expect(a.getCooldowns(['fresh'], nowMs + 1)).toEqual(
      new Map([['fresh', { ...record, untilMs: nowMs + 5_000 }]]),
    );
    expect((await b.getCooldowns(['fresh'], nowMs + 100)).get('fresh')?.untilMs).toBe(
      nowMs + 5_000,
    );
  });

  it('adds successes in one command per 100 ms, and a failure at once with the successes waiting', async () => {
    const [a, b] = [open(), open()];
    const nowMs = Date.now();
    const key = `${prefix}batched:successes:${minuteKeyOf(nowMs)}`;
    // Answered at once, from what each instance knows.
    expect(a.recordOutcome('batched', 'success', nowMs)).toEqual({ successes: 1, failures: 0 });
    expect(a.recordOutcome('batched', 'success', nowMs)).toEqual({ successes: 2, failures: 0 });
    expect(b.recordOutcome('batched', 'success', nowMs)).toEqual({ successes: 1, failures: 0 });
    // Sent before any batch can be: Redis answers it before either instance has added a count.
    expect(await raw.get(key)).toBeNull();
    await vi.waitFor(async () => expect(await raw.get(key)).toBe('3'));
    a.recordOutcome('batched', 'success', nowMs);
    expect(await a.recordOutcome('batched', 'failure', nowMs)).toEqual({
      successes: 4,
      failures: 1,
    });
    expect(await raw.ttl(key)).toBeGreaterThan(55);
  });

  it('sends the successes still waiting when it closes', async () => {
    const state = createRedisRouterState({
      redis_url: server.url,
      keyPrefix: prefix,
      outcomeBatchMs: 60_000,
    });
    const nowMs = Date.now();
    state.recordOutcome('closing', 'success', nowMs);
    state.recordOutcome('closing', 'success', nowMs);
    await state.close();
    expect(await raw.get(`${prefix}closing:successes:${minuteKeyOf(nowMs)}`)).toBe('2');
  });

  it('adds spend from two instances exactly past 2^53, as bigint', async () => {
    const [a, b] = [open(), open()];
    const step = 2n ** 53n + 3n;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).addSpend('d1', 0, step, 60_000)),
    );
    const total = (await b.getSpend([{ deploymentId: 'd1', windowStartMs: 0 }])).get('d1');
    expect(total).toBe(10n * step);
    expect(await a.addSpend('d1', 0, 1n, 60_000)).toBe(10n * step + 1n);
  });

  it("uses LiteLLM's key names and TTLs", async () => {
    const state = open();
    const nowMs = Date.now();
    const minute = minuteKeyOf(nowMs);
    await state.setCooldown(
      'd1',
      { exception: 'rate limited', status: 429, timestampMs: nowMs, cooldownSeconds: 5 },
      5_000,
      nowMs,
    );
    await state.tryTakeRequest('d1', 10, nowMs);
    await state.addTokens('d1', 42, nowMs);
    const cooldown = JSON.parse((await raw.get(`${prefix}deployment:d1:cooldown`)) ?? '{}');
    expect(cooldown).toMatchObject({
      exception_received: 'rate limited',
      status_code: '429',
      cooldown_time: 5,
    });
    expect(await raw.pttl(`${prefix}deployment:d1:cooldown`)).toBeGreaterThan(4_000);
    expect(await raw.get(`${prefix}d1:rpm:${minute}`)).toBe('1');
    expect(await raw.get(`${prefix}d1:tpm:${minute}`)).toBe('42');
    expect(await raw.ttl(`${prefix}d1:rpm:${minute}`)).toBeGreaterThan(55);
    expect(await raw.ttl(`${prefix}d1:tpm:${minute}`)).toBeGreaterThan(55);
  });

  it('reads a cooldown written by LiteLLM (no until_ms)', async () => {
    const state = open();
    const timestamp = Date.now() / 1000;
    await raw.set(
      `${prefix}deployment:lite:cooldown`,
      JSON.stringify({
        exception_received: 'x',
        status_code: '401',
        timestamp,
        cooldown_time: 60,
      }),
      'EX',
      60,
    );
    const cooldown = (await state.getCooldowns(['lite'], Date.now())).get('lite');
    expect(cooldown?.status).toBe(401);
    expect(cooldown?.untilMs).toBeCloseTo(timestamp * 1000 + 60_000, -1);
  });

  it('fails fast instead of queueing when Redis is away', async () => {
    const state = open();
    await state.getInFlight(['d1']);
    await server.stop();
    try {
      const started = Date.now();
      await expect(state.getInFlight(['d1'])).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await server.restart();
    }
  });
});
