import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import { createRouterState } from './create-router-state.js';
import { createRedisRouterState } from './redis-router-state.js';
import { resolveRedisSettings } from './redis-settings.js';

describe('resolveRedisSettings', () => {
  it('is undefined without a URL or a host and a port', () => {
    expect(resolveRedisSettings({}, {})).toBeUndefined();
    expect(resolveRedisSettings({ redis_host: 'h' }, {})).toBeUndefined();
    expect(resolveRedisSettings({ redis_port: 6379 }, {})).toBeUndefined();
    expect(resolveRedisSettings({ redis_password: 'p' }, { REDIS_PASSWORD: 'p' })).toBeUndefined();
  });

  it('takes settings first and REDIS_* environment variables for what they leave out', () => {
    expect(resolveRedisSettings({ redis_host: 'h', redis_port: '6380' }, {})).toEqual({
      host: 'h',
      port: 6380,
    });
    expect(
      resolveRedisSettings(
        { redis_host: 'h' },
        { REDIS_HOST: 'other', REDIS_PORT: '6381', REDIS_PASSWORD: 'secret' },
      ),
    ).toEqual({ host: 'h', port: 6381, password: 'secret' });
    expect(resolveRedisSettings({}, { REDIS_URL: 'redis://x:1' })).toMatchObject({
      url: 'redis://x:1',
    });
    expect(
      resolveRedisSettings({ redis_url: 'redis://a:1', redis_db: 2 }, { REDIS_URL: 'redis://b:2' }),
    ).toMatchObject({ url: 'redis://a:1', db: 2 });
  });

  it('rejects a port that is not an integer', () => {
    expect(() => resolveRedisSettings({ redis_host: 'h', redis_port: 'abc' }, {})).toThrow(
      /redis_port/,
    );
  });
});

describe('createRouterState', () => {
  let server: RedisTestServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps state in memory without Redis settings', async () => {
    const a = createRouterState({}, undefined, {});
    const b = createRouterState({}, undefined, {});
    await a.setCooldown(
      'd',
      { exception: 'e', status: 500, timestampMs: 0, cooldownSeconds: 5 },
      5_000,
      0,
    );
    expect((await a.getCooldowns(['d'], 1)).has('d')).toBe(true);
    expect((await b.getCooldowns(['d'], 1)).has('d')).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });

  it('shares state through Redis when host and port are given', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn() };
    const prefix = `t:${randomUUID()}:`;
    const state = createRouterState(
      { redis_host: '127.0.0.1', redis_port: server.port, redis_key_prefix: prefix },
      logger,
      {},
    );
    const other = createRedisRouterState({ redis_url: server.url, keyPrefix: prefix });
    const nowMs = Date.now();
    try {
      expect(await state.tryTakeRequest('d', 1, nowMs)).toBe(true);
      expect(await other.tryTakeRequest('d', 1, nowMs)).toBe(false);
      expect(logger.warn).not.toHaveBeenCalled();
    } finally {
      await Promise.all([state.close(), other.close()]);
    }
  });
});
