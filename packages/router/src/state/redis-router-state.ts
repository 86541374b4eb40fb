import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { RedisOptions } from 'ioredis';
import { CooldownReads } from './cooldown-reads.js';
import { OutcomeBatch } from './outcome-batch.js';
import { type RedisSettings, resolveRedisSettings } from './redis-settings.js';
import type {
  ActiveCooldown,
  CooldownRecord,
  LatencySample,
  MinuteUsage,
  RouterState,
} from './router-state.js';
import { type RouterStateLogger, stderrRouterStateLogger } from './router-state-logger.js';

export interface RedisRouterStateOptions extends RedisSettings {
  /** Prefix of every key (ioredis `keyPrefix`). Default none: LiteLLM's key names as they are. */
  keyPrefix?: string | undefined;
  logger?: RouterStateLogger | undefined;
  /** Default 2000 ms. */
  connectTimeoutMs?: number | undefined;
  /** Per command; default 1000 ms. */
  commandTimeoutMs?: number | undefined;
  /** Where `REDIS_*` fallbacks are read; default `process.env`. */
  env?: Record<string, string | undefined> | undefined;
  /**
   * How long a deployment's cooldown, as read from Redis, is answered from memory before it is
   * read again; default 100 ms. A cooldown this instance sets applies here at once; one another
   * instance sets, within this time (LiteLLM's DualCache: within 1 s). 0 reads Redis every pick.
   */
  cooldownReadCacheMs?: number | undefined;
  /**
   * How long successes are counted in memory before they are added to Redis in one command per
   * deployment; default 100 ms. A success answers the counts as this instance knows them; a
   * failure is sent at once, with the successes waiting, and answers Redis's counts.
   */
  outcomeBatchMs?: number | undefined;
}

/** Seconds; LiteLLM's usage-v2 counters live 60 s. */
const minuteKeyTtlSeconds = 60;
/** Seconds; LiteLLM's latency map TTL (`routing_strategy_args.ttl`, 3600 s). */
const latencyTtlSeconds = 3600;
/** Seconds; an in-flight count left by a crashed instance disappears after an idle hour. */
const inFlightTtlSeconds = 3600;

// INCR-if-below-limit: the read and the increment must not interleave across instances.
const takeRequestScript = `
local limit = tonumber(ARGV[1])
if limit >= 0 and tonumber(redis.call('GET', KEYS[1]) or '0') >= limit then return 0 end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1`;

// Adds to a counter, giving it a TTL when it has none (a new key).
const incrementScript = `
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('TTL', KEYS[1]) == -1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return value`;

// Adds successes and failures to the minute's counts; returns {successes, failures} after them.
const outcomeScript = `
local successes = redis.call('INCRBY', KEYS[1], ARGV[1])
local failures = redis.call('INCRBY', KEYS[2], ARGV[2])
for i = 1, 2 do
  if redis.call('TTL', KEYS[i]) == -1 then redis.call('EXPIRE', KEYS[i], ARGV[3]) end
end
return {successes, failures}`;

// In-flight counts never go below zero (a -1 after a Redis flush or a restart).
const inFlightScript = `
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if value < 0 then redis.call('SET', KEYS[1], 0); value = 0 end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return value`;

/** `HH-MM` of the UTC minute, as in LiteLLM's `{id}:rpm:{HH-MM}` keys. */
export function minuteKeyOf(nowMs: number): string {
  const date = new Date(nowMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCHours())}-${pad(date.getUTCMinutes())}`;
}

/** The keys the Redis state uses (before `keyPrefix`). */
export const redisRouterStateKeys = {
  cooldown: (id: string) => `deployment:${id}:cooldown`,
  rpm: (id: string, nowMs: number) => `${id}:rpm:${minuteKeyOf(nowMs)}`,
  tpm: (id: string, nowMs: number) => `${id}:tpm:${minuteKeyOf(nowMs)}`,
  successes: (id: string, nowMs: number) => `${id}:successes:${minuteKeyOf(nowMs)}`,
  fails: (id: string, nowMs: number) => `${id}:fails:${minuteKeyOf(nowMs)}`,
  inFlight: (id: string) => `${id}_request_count`,
  latency: (id: string) => `${id}_latency`,
  spend: (id: string, windowStartMs: number) => `deployment_spend:${id}:${windowStartMs}`,
};

interface StoredCooldown {
  exception_received: string;
  status_code: string;
  timestamp: number;
  cooldown_time: number;
  timestamp_ms: number;
  until_ms: number;
}

interface StoredLatency {
  s: number;
  ttft?: number;
  at: number;
}

// Loaded on first use: a router without Redis never loads ioredis (~2 MB of heap).
const requireFromHere = createRequire(import.meta.url);
function loadRedis(): typeof import('ioredis').Redis {
  return (requireFromHere('ioredis') as typeof import('ioredis')).Redis;
}

/**
 * Router state in Redis (ioredis), so several router instances behave as one. Read-modify-writes
 * are Lua scripts or `MULTI`; reads are one `MGET` or pipeline per call; no `KEYS` scans.
 * It fails fast when Redis is away (no offline queue, short timeouts): wrap it in
 * `createResilientRouterState` to keep routing from memory meanwhile.
 *
 * @example
 * const state = createRedisRouterState({ redis_host: 'localhost', redis_port: 6379 });
 */
export function createRedisRouterState(options: RedisRouterStateOptions): RouterState {
  const settings = resolveRedisSettings(options, options.env);
  if (!settings) {
    throw new Error('createRedisRouterState needs redis_url, or redis_host and redis_port');
  }
  const logger = options.logger ?? stderrRouterStateLogger;
  const connectTimeoutMs = options.connectTimeoutMs ?? 2_000;
  const redisOptions: RedisOptions = {
    connectTimeout: connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // Keep reconnecting (the resilient state serves from memory meanwhile).
    retryStrategy: times => Math.min(times * 100, 2_000),
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    ...(settings.db !== undefined ? { db: settings.db } : {}),
  };
  const Redis = loadRedis();
  const client = settings.url
    ? new Redis(settings.url, redisOptions)
    : new Redis({ ...redisOptions, host: settings.host, port: settings.port });
  client.on('error', (error: Error) => {
    logger.debug({ err: error.message }, 'llmux router: Redis connection error');
  });

  // Without the offline queue, commands sent before the first connection fail at once;
  // wait for that first connection (bounded), and fail fast afterwards.
  let everReady = client.status === 'ready';
  const firstReady = new Promise<void>(resolve => {
    client.once('ready', () => {
      everReady = true;
      resolve();
    });
  });
  // Undefined once connected: no promise (and no await) per command from then on.
  const ready = (): Promise<void> | undefined => (everReady ? undefined : firstConnection());
  const firstConnection = async () => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      firstReady,
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, connectTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
  };

  const shas = new Map<string, string>();
  const runScript = async (script: string, keys: string[], args: Array<string | number>) => {
    const connecting = ready();
    if (connecting) await connecting;
    let sha = shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex');
      shas.set(script, sha);
    }
    try {
      return await client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await client.eval(script, keys.length, ...keys, ...args);
    }
  };
  const mget = async (keys: string[]): Promise<Array<string | null>> => {
    if (keys.length === 0) return [];
    const connecting = ready();
    if (connecting) await connecting;
    return client.mget(keys);
  };

  const cooldownReads = new CooldownReads(options.cooldownReadCacheMs ?? 100, async ids => {
    const values = await mget(ids.map(redisRouterStateKeys.cooldown));
    return values.map(parseCooldown);
  });

  const outcomes = new OutcomeBatch(
    options.outcomeBatchMs ?? 100,
    async (id, nowMs, add) => {
      const keys = [
        redisRouterStateKeys.successes(id, nowMs),
        redisRouterStateKeys.fails(id, nowMs),
      ];
      const [successes, failures] = (await runScript(outcomeScript, keys, [
        add.successes,
        add.failures,
        minuteKeyTtlSeconds,
      ])) as [number, number];
      return { successes, failures };
    },
    // Redis being away is reported by the calls that wait on it (the resilient state's warning).
    error => logger.debug({ err: errorMessage(error) }, 'llmux router: success counts not sent'),
  );

  return {
    async setCooldown(deploymentId: string, record: CooldownRecord, ttlMs: number, nowMs: number) {
      if (ttlMs <= 0) return;
      const stored: StoredCooldown = {
        exception_received: record.exception,
        status_code: String(record.status),
        timestamp: record.timestampMs / 1000,
        cooldown_time: record.cooldownSeconds,
        timestamp_ms: record.timestampMs,
        until_ms: nowMs + ttlMs,
      };
      const connecting = ready();
      if (connecting) await connecting;
      await client.set(
        redisRouterStateKeys.cooldown(deploymentId),
        JSON.stringify(stored),
        'PX',
        Math.ceil(ttlMs),
      );
      cooldownReads.remember(deploymentId, { ...record, untilMs: stored.until_ms }, nowMs);
    },

    getCooldowns(deploymentIds: readonly string[], nowMs: number) {
      return cooldownReads.get(deploymentIds, nowMs);
    },

    recordOutcome(deploymentId: string, outcome: 'success' | 'failure', nowMs: number) {
      return outcome === 'success'
        ? outcomes.success(deploymentId, nowMs)
        : outcomes.failure(deploymentId, nowMs);
    },

    async tryTakeRequest(deploymentId: string, rpmLimit: number | undefined, nowMs: number) {
      const limit = rpmLimit === undefined ? -1 : Math.max(0, rpmLimit);
      const taken = await runScript(
        takeRequestScript,
        [redisRouterStateKeys.rpm(deploymentId, nowMs)],
        [limit, minuteKeyTtlSeconds],
      );
      return taken === 1;
    },

    async addTokens(deploymentId: string, tokens: number, nowMs: number) {
      await runScript(
        incrementScript,
        [redisRouterStateKeys.tpm(deploymentId, nowMs)],
        [Math.round(tokens), minuteKeyTtlSeconds],
      );
    },

    async getUsage(deploymentIds: readonly string[], nowMs: number) {
      const keys = deploymentIds.flatMap(id => [
        redisRouterStateKeys.rpm(id, nowMs),
        redisRouterStateKeys.tpm(id, nowMs),
      ]);
      const values = await mget(keys);
      const usage = new Map<string, MinuteUsage>();
      deploymentIds.forEach((id, index) => {
        usage.set(id, {
          requests: Number(values[2 * index] ?? 0),
          tokens: Number(values[2 * index + 1] ?? 0),
        });
      });
      return usage;
    },

    async addInFlight(deploymentId: string, delta: 1 | -1) {
      await runScript(
        inFlightScript,
        [redisRouterStateKeys.inFlight(deploymentId)],
        [delta, inFlightTtlSeconds],
      );
    },

    async getInFlight(deploymentIds: readonly string[]) {
      const values = await mget(deploymentIds.map(redisRouterStateKeys.inFlight));
      return new Map(
        deploymentIds.map((id, index) => [id, Math.max(0, Number(values[index] ?? 0))]),
      );
    },

    async recordLatency(deploymentId: string, sample: LatencySample, maxSamples: number) {
      const key = redisRouterStateKeys.latency(deploymentId);
      const stored: StoredLatency = { s: sample.secondsPerToken, at: sample.atMs };
      if (sample.timeToFirstTokenSeconds !== undefined)
        stored.ttft = sample.timeToFirstTokenSeconds;
      const connecting = ready();
      if (connecting) await connecting;
      const results = await client
        .multi()
        .rpush(key, JSON.stringify(stored))
        .ltrim(key, -Math.max(1, Math.floor(maxSamples)), -1)
        .expire(key, latencyTtlSeconds)
        .exec();
      throwFirstError(results);
    },

    async getLatencies(deploymentIds: readonly string[]) {
      if (deploymentIds.length === 0) return new Map<string, LatencySample[]>();
      const connecting = ready();
      if (connecting) await connecting;
      const pipeline = client.pipeline();
      for (const id of deploymentIds) pipeline.lrange(redisRouterStateKeys.latency(id), 0, -1);
      const results = throwFirstError(await pipeline.exec());
      return new Map(
        deploymentIds.map((id, index) => [
          id,
          ((results[index] as string[] | undefined) ?? []).map(parseLatency),
        ]),
      );
    },

    async addSpend(deploymentId: string, windowStartMs: number, pico: bigint, ttlMs: number) {
      const key = redisRouterStateKeys.spend(deploymentId, windowStartMs);
      const connecting = ready();
      if (connecting) await connecting;
      // INCRBY's integer reply becomes a JS number (inexact past 2^53); GET in the same
      // MULTI returns the exact total as a string.
      const results = throwFirstError(
        await client
          .multi()
          .incrby(key, pico.toString())
          .pexpire(key, Math.max(1, Math.ceil(ttlMs)))
          .get(key)
          .exec(),
      );
      return BigInt(results[2] as string);
    },

    async getSpend(windows: ReadonlyArray<{ deploymentId: string; windowStartMs: number }>) {
      const values = await mget(
        windows.map(({ deploymentId, windowStartMs }) =>
          redisRouterStateKeys.spend(deploymentId, windowStartMs),
        ),
      );
      return new Map(
        windows.map(({ deploymentId }, index) => [deploymentId, BigInt(values[index] ?? 0)]),
      );
    },

    async close() {
      try {
        // Sends the successes waiting (a send to a Redis that is away fails at once, and is
        // reported like any other), and stops the batch timer.
        await outcomes.flush();
        if (client.status === 'ready') await client.quit();
      } catch {
        // Closing anyway.
      } finally {
        client.disconnect();
      }
    },
  };
}

function throwFirstError(results: Array<[Error | null, unknown]> | null): unknown[] {
  if (!results) throw new Error('Redis transaction was aborted');
  for (const [error] of results) if (error) throw error;
  return results.map(([, value]) => value);
}

function parseCooldown(value: string | null | undefined): ActiveCooldown | undefined {
  if (!value) return undefined;
  try {
    const stored = JSON.parse(value) as Partial<StoredCooldown>;
    const timestampMs = stored.timestamp_ms ?? Math.round(Number(stored.timestamp ?? 0) * 1000);
    const cooldownSeconds = Number(stored.cooldown_time ?? 0);
    return {
      exception: String(stored.exception_received ?? ''),
      status: Number(stored.status_code),
      timestampMs,
      cooldownSeconds,
      // A record written by LiteLLM itself has no until_ms.
      untilMs: stored.until_ms ?? timestampMs + cooldownSeconds * 1000,
    };
  } catch {
    return undefined;
  }
}

function parseLatency(value: string): LatencySample {
  const stored = JSON.parse(value) as StoredLatency;
  const sample: LatencySample = { secondsPerToken: stored.s, atMs: stored.at };
  if (stored.ttft !== undefined) sample.timeToFirstTokenSeconds = stored.ttft;
  return sample;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
