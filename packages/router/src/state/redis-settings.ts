/** LiteLLM's Redis settings (`router_settings` or `new Router({...})`). */
export interface RedisSettings {
  redis_host?: string | undefined;
  redis_port?: number | string | undefined;
  redis_password?: string | undefined;
  redis_url?: string | undefined;
  redis_db?: number | string | undefined;
}

export interface ResolvedRedisSettings {
  url?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  password?: string | undefined;
  db?: number | undefined;
}

/**
 * The Redis connection to use, or undefined when Redis is not configured. Settings win;
 * `REDIS_URL`, `REDIS_HOST`, `REDIS_PORT`, `REDIS_PASSWORD` fill what they leave out. Redis
 * is used when there is a URL, or a host and a port.
 */
export function resolveRedisSettings(
  settings: RedisSettings,
  env: Record<string, string | undefined> = process.env,
): ResolvedRedisSettings | undefined {
  const url = nonEmpty(settings.redis_url) ?? nonEmpty(env.REDIS_URL);
  const host = nonEmpty(settings.redis_host) ?? nonEmpty(env.REDIS_HOST);
  const port = toInteger(settings.redis_port ?? nonEmpty(env.REDIS_PORT), 'redis_port');
  if (!url && !(host && port !== undefined)) return undefined;
  return {
    url,
    host,
    port,
    password: nonEmpty(settings.redis_password) ?? nonEmpty(env.REDIS_PASSWORD),
    db: toInteger(settings.redis_db, 'redis_db'),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function toInteger(value: number | string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return number;
}
