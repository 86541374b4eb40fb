import { RateLimitError } from '@llmux/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from './router.js';
import type { RouterLogger } from './router-options.js';
import { redisRouterStateKeys } from './state/redis-router-state.js';
import { createScriptedProvider } from './test/scripted-provider.js';
import { type RedisTestServer, startRedisServer } from './test/start-redis-server.js';

// Acceptance 4: two Router instances on one real Redis behave as one. Real time throughout:
// Redis TTLs and minute keys follow the wall clock, so fake timers would not reach them.

const scripted = createScriptedProvider('redisroutertest');
const messages = [{ role: 'user' as const, content: 'hi' }];

function deployment(group: string, id: string, extra: Record<string, unknown> = {}) {
  return {
    model_name: group,
    litellm_params: { model: `redisroutertest/${id}`, ...extra },
    model_info: { id },
  };
}

const model_list = [
  deployment('cooling', 'cool-a'),
  deployment('cooling', 'cool-b'),
  deployment('limited', 'limited', { rpm: 100 }),
  deployment('steady', 'steady-a'),
  deployment('steady', 'steady-b'),
];

interface LogLine {
  level: 'info' | 'warn';
  message: string;
}

function capturingLogger(lines: LogLine[]): RouterLogger {
  return {
    debug: () => undefined,
    info: (_fields, message) => lines.push({ level: 'info', message: message ?? '' }),
    warn: (_fields, message) => lines.push({ level: 'warn', message: message ?? '' }),
  };
}

/** 0.25, 0.75, 0.25 … : alternates between the two deployments of a group. */
function alternating(): () => number {
  let calls = 0;
  return () => (calls++ % 2 === 0 ? 0.25 : 0.75);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, Math.max(0, ms)));

/** Waits for the next UTC minute when fewer than `seconds` seconds are left in this one. */
async function awaitRoomInMinute(seconds: number): Promise<void> {
  const leftMs = 60_000 - (Date.now() % 60_000);
  if (leftMs < seconds * 1000) await sleep(leftMs + 50);
}

let server: RedisTestServer;
let raw: Redis;
let routerA: Router;
let routerB: Router;
const logA: LogLine[] = [];
const logB: LogLine[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  // Queues commands while Redis is stopped and reconnects by itself after the restart.
  raw = new Redis(server.url);
  raw.on('error', () => undefined);
  const shared = { model_list, cooldown_time: 1, redis_url: server.url };
  // A always takes the first candidate; B alternates, so it would use either deployment.
  routerA = new Router({ ...shared, random: () => 0.25, logger: capturingLogger(logA) });
  routerB = new Router({ ...shared, random: alternating(), logger: capturingLogger(logB) });
});

afterAll(async () => {
  await Promise.allSettled([routerA?.close(), routerB?.close()]);
  raw?.disconnect();
  await server?.stop();
});

beforeEach(() => scripted.reset());

describe('two routers on one Redis', () => {
  it('obeys a cooldown set by the other instance until it ends', async () => {
    scripted.script('cool-a', [{ status: 429, message: 'scripted rate limit' }]);
    const first = await routerA.completion({ model: 'cooling', messages });
    expect(scripted.calls).toEqual(['cool-a', 'cool-b']);
    expect(first.routed.deployment.id).toBe('cool-b');
    expect(first.routed.attemptedRetries).toBe(1);

    const stored = JSON.parse((await raw.get('deployment:cool-a:cooldown')) ?? 'null');
    expect(stored).toMatchObject({ status_code: '429', cooldown_time: 1 });
    const untilMs = stored.until_ms as number;
    expect(await raw.pttl('deployment:cool-a:cooldown')).toBeLessThanOrEqual(1_000);

    // B never saw the 429: what it obeys comes from Redis.
    scripted.reset();
    const during: string[] = [];
    while (Date.now() < untilMs - 200) {
      const batch = await Promise.all(
        Array.from({ length: 4 }, () => routerB.completion({ model: 'cooling', messages })),
      );
      for (const response of batch) during.push(response.routed.deployment.id);
      await sleep(25);
    }
    expect(during.length).toBeGreaterThanOrEqual(8);
    expect(new Set(during)).toEqual(new Set(['cool-b']));
    expect(scripted.calls).not.toContain('cool-a');

    await sleep(untilMs + 100 - Date.now());
    expect(await raw.exists('deployment:cool-a:cooldown')).toBe(0);
    scripted.reset();
    const after = await Promise.all(
      Array.from({ length: 20 }, () => routerB.completion({ model: 'cooling', messages })),
    );
    const ids = after.map(response => response.routed.deployment.id);
    expect(ids.filter(id => id === 'cool-a').length).toBeGreaterThan(0);
    expect(scripted.calls.filter(model => model === 'cool-a').length).toBeGreaterThan(0);
  });

  it('holds rpm: 100 across both instances under 150 concurrent requests each', async () => {
    // The burst must not straddle a minute boundary (new minute = new rpm counter).
    await awaitRoomInMinute(5);
    const minuteMs = Date.now();
    const burst = Array.from({ length: 300 }, (_, index) =>
      (index % 2 === 0 ? routerA : routerB).completion({ model: 'limited', messages }).then(
        response => ({ ok: true as const, id: response.routed.deployment.id }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
    const results = await Promise.all(burst);
    expect(Math.floor(Date.now() / 60_000)).toBe(Math.floor(minuteMs / 60_000));

    const reached = scripted.calls.filter(model => model === 'limited').length;
    expect(reached).toBeLessThanOrEqual(100);
    expect(reached).toBeGreaterThanOrEqual(99);
    const answered = results.filter(result => result.ok);
    expect(answered).toHaveLength(reached);

    const rejected = results.flatMap(result => (result.ok ? [] : [result.error]));
    expect(rejected).toHaveLength(300 - reached);
    for (const error of rejected) {
      expect(RateLimitError.isInstance(error)).toBe(true);
      const retryAfter = Number((error as RateLimitError).headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    expect(Number(await raw.get(redisRouterStateKeys.rpm('limited', minuteMs)))).toBe(reached);
    // Every count went through Redis: neither instance fell back to local state.
    expect([...logA, ...logB].filter(line => line.level === 'warn')).toEqual([]);
  }, 20_000);

  it('keeps both instances serving while Redis is stopped, and uses Redis again after it restarts', async () => {
    const serve = async (count: number) => {
      const responses = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          (index % 2 === 0 ? routerA : routerB).completion({ model: 'steady', messages }),
        ),
      );
      for (const response of responses) expect(response.routed.modelGroup).toBe('steady');
      return responses;
    };
    await serve(10);
    logA.length = 0;
    logB.length = 0;

    await server.stop();
    // Long enough that the routers' probes of Redis fail too (the first comes after 1 s).
    const outageEndsMs = Date.now() + 1_500;
    let servedInOutage = 0;
    while (Date.now() < outageEndsMs) {
      servedInOutage += (await serve(4)).length;
      await sleep(50);
    }
    expect(servedInOutage).toBeGreaterThanOrEqual(20);
    for (const log of [logA, logB]) {
      expect(log).toContainEqual({
        level: 'warn',
        message: expect.stringContaining('shared state (Redis) unavailable'),
      });
    }

    await server.restart();
    const back = (log: LogLine[]) =>
      log.some(line => line.level === 'info' && line.message.includes('answers again'));
    const deadline = Date.now() + 20_000;
    while (!(back(logA) && back(logB))) {
      expect(Date.now(), 'both routers should pick Redis up again').toBeLessThan(deadline);
      await serve(2);
      await sleep(100);
    }

    // Both count in the restarted (empty) Redis again (the outcomes: the one count a group
    // without limits keeps, written after the answer).
    await awaitRoomInMinute(2);
    const nowMs = Date.now();
    const counted = async () => {
      const values = await raw.mget(
        redisRouterStateKeys.successes('steady-a', nowMs),
        redisRouterStateKeys.successes('steady-b', nowMs),
      );
      return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
    };
    const before = await counted();
    await routerA.completion({ model: 'steady', messages });
    await routerB.completion({ model: 'steady', messages });
    await vi.waitFor(async () => expect(await counted()).toBe(before + 2));
  }, 40_000);
});
