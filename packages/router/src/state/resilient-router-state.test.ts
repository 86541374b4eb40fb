import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import { createInMemoryRouterState } from './in-memory-router-state.js';
import { createRedisRouterState } from './redis-router-state.js';
import { createResilientRouterState } from './resilient-router-state.js';
import type { RouterState } from './router-state.js';
import type { RouterStateLogger } from './router-state-logger.js';

const spyLogger = () =>
  ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn() }) satisfies RouterStateLogger;

/** An in-memory state standing in for Redis, which throws while `down` is set. */
function flakyState() {
  const inner = createInMemoryRouterState();
  const control = { down: false, calls: 0 };
  const state = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return async (...args: unknown[]) => {
        control.calls += 1;
        if (control.down) throw new Error('connect ECONNREFUSED');
        return value.apply(target, args);
      };
    },
  });
  return { state, control };
}

const record = { exception: 'e', status: 500, timestampMs: 0, cooldownSeconds: 60 };

describe('createResilientRouterState', () => {
  it('serves from the fallback with one warning, retries with backoff, and returns', async () => {
    const { state: primary, control } = flakyState();
    const logger = spyLogger();
    let nowMs = 0;
    const state = createResilientRouterState({
      primary,
      fallback: createInMemoryRouterState(),
      logger,
      now: () => nowMs,
    });

    control.down = true;
    for (let i = 0; i < 5; i++) expect(await state.tryTakeRequest('a', 3, 0)).toBe(i < 3);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(control.calls).toBe(1); // later calls do not wait on the primary

    nowMs = 1_000; // first retry: still down, next wait 2 s
    await state.getInFlight(['a']);
    expect(control.calls).toBe(2);
    nowMs = 2_500;
    await state.getInFlight(['a']);
    expect(control.calls).toBe(2);
    nowMs = 3_000;
    control.down = false;
    await state.setCooldown('a', record, 60_000, 0);
    expect(control.calls).toBe(3);
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);

    // Back on the primary: it has the cooldown, and it has none of the outage's requests.
    expect((await primary.getCooldowns(['a'], 1)).has('a')).toBe(true);
    expect((await state.getUsage(['a'], 0)).get('a')).toEqual({ requests: 0, tokens: 0 });
  });

  it('copies writes to the fallback while the primary answers', async () => {
    const { state: primary, control } = flakyState();
    const fallback = createInMemoryRouterState();
    const state = createResilientRouterState({ primary, fallback, logger: spyLogger() });
    await state.setCooldown('a', record, 60_000, 0);
    await state.addSpend('a', 0, 7n, 60_000);
    expect(await state.tryTakeRequest('a', 1, 0)).toBe(true);
    control.down = true;
    expect((await state.getCooldowns(['a'], 1)).has('a')).toBe(true);
    expect((await state.getSpend([{ deploymentId: 'a', windowStartMs: 0 }])).get('a')).toBe(7n);
    expect((await state.getUsage(['a'], 0)).get('a')?.requests).toBe(1);
  });

  it('answers without a promise when the primary does, and still copies the write', () => {
    const primary = createInMemoryRouterState();
    const fallback = createInMemoryRouterState();
    const state = createResilientRouterState({ primary, fallback, logger: spyLogger() });
    const taken = state.tryTakeRequest('a', 5, 0);
    expect(taken).toBe(true);
    expect(fallback.getUsage(['a'], 0).get('a')?.requests).toBe(1);
    state.setCooldown('a', record, 60_000, 0);
    const cooldowns = state.getCooldowns(['a'], 1);
    expect(cooldowns).toBeInstanceOf(Map);
    expect((cooldowns as Map<string, unknown>).has('a')).toBe(true);
  });

  it('tries the primary once at a time while it is away', async () => {
    const { state: primary, control } = flakyState();
    let nowMs = 0;
    const state = createResilientRouterState({
      primary,
      fallback: createInMemoryRouterState(),
      logger: spyLogger(),
      now: () => nowMs,
    });
    control.down = true;
    await state.getInFlight(['a']);
    nowMs = 10_000;
    await Promise.all(Array.from({ length: 20 }, () => state.getInFlight(['a'])));
    expect(control.calls).toBe(2);
  });
});

describe('createResilientRouterState over a real Redis', () => {
  let server: RedisTestServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps answering while Redis is stopped and uses it again after a restart', async () => {
    const keyPrefix = `t:${randomUUID()}:`;
    const logger = spyLogger();
    const open = (): RouterState =>
      createResilientRouterState({
        primary: createRedisRouterState({ redis_url: server.url, keyPrefix, logger }),
        fallback: createInMemoryRouterState(),
        logger,
        retryInitialMs: 50,
        retryMaxMs: 200,
      });
    const [a, b] = [open(), open()];
    const nowMs = Date.now();
    try {
      await a.setCooldown('d1', record, 60_000, nowMs);
      expect((await b.getCooldowns(['d1'], nowMs)).has('d1')).toBe(true);

      await server.stop();
      for (let i = 0; i < 20; i++) {
        expect(await a.tryTakeRequest('d2', 5, nowMs)).toBe(i < 5);
        await b.addInFlight('d2', 1);
      }
      // B copied the cooldown it read from Redis; both still obey it.
      expect((await b.getCooldowns(['d1'], nowMs)).has('d1')).toBe(true);
      expect((await a.getCooldowns(['d1'], nowMs)).has('d1')).toBe(true);
      expect((await b.getInFlight(['d2'])).get('d2')).toBe(20);
      expect(logger.warn).toHaveBeenCalledTimes(2); // one per instance

      await server.restart();
      await a.setCooldown('d3', record, 60_000, nowMs);
      // Once both have found Redis again, B sees what A writes there.
      await vi.waitFor(
        async () => {
          await a.setCooldown('d3', record, 60_000, nowMs);
          expect((await b.getCooldowns(['d3'], nowMs)).has('d3')).toBe(true);
        },
        { timeout: 10_000, interval: 100 },
      );
      expect((await b.getInFlight(['d2'])).get('d2')).toBe(0); // the Redis count, not the local one
      expect(logger.warn).toHaveBeenCalledTimes(2);
      expect(logger.info).toHaveBeenCalledTimes(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('falls back when Redis hangs (command timeout) and returns when it answers', async () => {
    const logger = spyLogger();
    const state = createResilientRouterState({
      primary: createRedisRouterState({
        redis_url: server.url,
        keyPrefix: `t:${randomUUID()}:`,
        commandTimeoutMs: 200,
        logger,
      }),
      fallback: createInMemoryRouterState(),
      logger,
      retryInitialMs: 50,
      retryMaxMs: 100,
    });
    try {
      await state.addInFlight('d', 1);
      server.pause();
      const started = Date.now();
      await state.addInFlight('d', 1);
      for (let i = 0; i < 10; i++) await state.getInFlight(['d']);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect((await state.getInFlight(['d'])).get('d')).toBe(2); // the local copy
      expect(logger.warn).toHaveBeenCalledTimes(1);
      server.resume();
      await vi.waitFor(
        async () => {
          await state.getInFlight(['d']);
          expect(logger.info).toHaveBeenCalledTimes(1);
        },
        { timeout: 10_000, interval: 100 },
      );
      // The +1 that timed out had been sent: the resumed Redis applied it too (at-least-once).
      expect((await state.getInFlight(['d'])).get('d')).toBe(2);
    } finally {
      server.resume();
      await state.close();
    }
  });
});
