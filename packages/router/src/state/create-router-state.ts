import { createInMemoryRouterState } from './in-memory-router-state.js';
import { createRedisRouterState } from './redis-router-state.js';
import { type RedisSettings, resolveRedisSettings } from './redis-settings.js';
import { createResilientRouterState } from './resilient-router-state.js';
import type { RouterState } from './router-state.js';
import { type RouterStateLogger, stderrRouterStateLogger } from './router-state-logger.js';

export interface RouterStateSettings extends RedisSettings {
  /** Prefix of every Redis key. Default none (LiteLLM's key names). */
  redis_key_prefix?: string | undefined;
}

/**
 * The router's state: in Redis (falling back to memory while Redis is away) when Redis is
 * configured — `redis_url`, or `redis_host` and `redis_port`, each falling back to `REDIS_URL`,
 * `REDIS_HOST`, `REDIS_PORT` (`REDIS_PASSWORD` for the password) — else in memory.
 *
 * @example
 * const state = createRouterState({ redis_host: 'localhost', redis_port: 6379 }, logger);
 */
export function createRouterState(
  settings: RouterStateSettings = {},
  logger: RouterStateLogger = stderrRouterStateLogger,
  env: Record<string, string | undefined> = process.env,
): RouterState {
  if (!resolveRedisSettings(settings, env)) return createInMemoryRouterState();
  return createResilientRouterState({
    primary: createRedisRouterState({
      ...settings,
      keyPrefix: settings.redis_key_prefix,
      logger,
      env,
    }),
    fallback: createInMemoryRouterState(),
    logger,
  });
}
