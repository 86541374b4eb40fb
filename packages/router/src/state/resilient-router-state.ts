import type { MaybePromise, RouterState } from './router-state.js';
import { type RouterStateLogger, stderrRouterStateLogger } from './router-state-logger.js';

export interface ResilientRouterStateOptions {
  /** The shared state (Redis). */
  primary: RouterState;
  /** The local state (in memory) that serves while the primary is away. */
  fallback: RouterState;
  logger?: RouterStateLogger | undefined;
  /** First wait before trying the primary again after it failed; doubles per failed try. Default 1000 ms. */
  retryInitialMs?: number | undefined;
  /** Longest wait between tries. Default 30 s. */
  retryMaxMs?: number | undefined;
  /** Clock for the waits. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * Shared state that keeps routing when it is away. Every call goes to `primary`; when it
 * throws (Redis down or timing out), the call is answered by `fallback`, one warning is
 * logged, and further calls go straight to `fallback` until a retry (after 1 s, then 2 s,
 * 4 s … up to `retryMaxMs`) finds the primary answering again; that is logged once too.
 *
 * Writes are also applied to `fallback` while the primary answers (like LiteLLM's DualCache),
 * and cooldowns read from the primary are copied to it, so cooldowns (also those set by other
 * instances) and this instance's counts and spend survive an outage. Writes made while the
 * primary is away stay local: they are not copied to Redis when it returns. Limits checked
 * from `fallback` count this instance's traffic only. A write that timed out (Redis hung
 * rather than gone) had been sent and may still be applied when Redis resumes, so it can
 * count both locally and in Redis.
 *
 * @example
 * const state = createResilientRouterState({
 *   primary: createRedisRouterState({ redis_url }),
 *   fallback: createInMemoryRouterState(),
 * });
 */
export function createResilientRouterState(options: ResilientRouterStateOptions): RouterState {
  const { primary, fallback } = options;
  const logger = options.logger ?? stderrRouterStateLogger;
  const now = options.now ?? Date.now;
  const retryInitialMs = options.retryInitialMs ?? 1_000;
  const retryMaxMs = options.retryMaxMs ?? 30_000;
  let healthy = true;
  let probing = false;
  let waitMs = retryInitialMs;
  let nextTryAtMs = 0;

  const markAway = (method: string, error: unknown): void => {
    healthy = false;
    waitMs = retryInitialMs;
    nextTryAtMs = now() + waitMs;
    logger.warn(
      { method, err: error instanceof Error ? error.message : String(error) },
      'llmux router: shared state (Redis) unavailable; routing from local state until it returns',
    );
  };

  /** Applies a write the primary took to the fallback too; answers the primary's result. */
  const mirrored = <T>(
    result: T,
    mirror: ((state: RouterState, result: T) => MaybePromise<unknown>) | undefined,
  ): MaybePromise<T> => {
    if (!mirror) return result;
    const applied = mirror(fallback, result);
    return applied instanceof Promise ? applied.then(() => result) : result;
  };

  /**
   * Runs `call` on the primary (or on the fallback while the primary is away); `mirror`
   * applies a write to the fallback too when the primary took it. A primary that answers
   * synchronously is answered without a promise.
   */
  const route = <T>(
    method: string,
    call: (state: RouterState) => MaybePromise<T>,
    mirror?: (state: RouterState, result: T) => MaybePromise<unknown>,
  ): MaybePromise<T> => {
    if (!healthy) return routeWhileAway(method, call, mirror);
    const failed = (error: unknown): MaybePromise<T> => {
      if (healthy) markAway(method, error);
      return call(fallback);
    };
    let answer: MaybePromise<T>;
    try {
      answer = call(primary);
    } catch (error) {
      return failed(error);
    }
    if (answer instanceof Promise) return answer.then(result => mirrored(result, mirror), failed);
    return mirrored(answer, mirror);
  };

  /** While the primary is away: the fallback, and now and then one call that probes the primary. */
  const routeWhileAway = async <T>(
    method: string,
    call: (state: RouterState) => MaybePromise<T>,
    mirror?: (state: RouterState, result: T) => MaybePromise<unknown>,
  ): Promise<T> => {
    if (probing || now() < nextTryAtMs) return call(fallback);
    probing = true;
    let result: T;
    try {
      result = await call(primary);
      healthy = true;
      waitMs = retryInitialMs;
      logger.info({ method }, 'llmux router: shared state (Redis) answers again; using it');
    } catch {
      waitMs = Math.min(waitMs * 2, retryMaxMs);
      nextTryAtMs = now() + waitMs;
      return call(fallback);
    } finally {
      probing = false;
    }
    return mirrored(result, mirror);
  };

  return {
    setCooldown: (id, record, ttlMs, nowMs) =>
      route(
        'setCooldown',
        state => state.setCooldown(id, record, ttlMs, nowMs),
        state => state.setCooldown(id, record, ttlMs, nowMs),
      ),
    getCooldowns: (ids, nowMs) =>
      route(
        'getCooldowns',
        state => state.getCooldowns(ids, nowMs),
        // Cooldowns other instances set are obeyed here through an outage too.
        (state, cooldowns) => {
          const writes: Array<Promise<void>> = [];
          for (const [id, { untilMs, ...cooldown }] of cooldowns) {
            const write = state.setCooldown(id, cooldown, untilMs - nowMs, nowMs);
            if (write instanceof Promise) writes.push(write);
          }
          return writes.length > 0 ? Promise.all(writes) : undefined;
        },
      ),
    recordOutcome: (id, outcome, nowMs) =>
      route(
        'recordOutcome',
        state => state.recordOutcome(id, outcome, nowMs),
        state => state.recordOutcome(id, outcome, nowMs),
      ),
    tryTakeRequest: (id, rpmLimit, nowMs) =>
      route(
        'tryTakeRequest',
        state => state.tryTakeRequest(id, rpmLimit, nowMs),
        // The shared limit already decided; count the request locally without one.
        state => state.tryTakeRequest(id, undefined, nowMs),
      ),
    addTokens: (id, tokens, nowMs) =>
      route(
        'addTokens',
        state => state.addTokens(id, tokens, nowMs),
        state => state.addTokens(id, tokens, nowMs),
      ),
    getUsage: (ids, nowMs) => route('getUsage', state => state.getUsage(ids, nowMs)),
    addInFlight: (id, delta) =>
      route(
        'addInFlight',
        state => state.addInFlight(id, delta),
        state => state.addInFlight(id, delta),
      ),
    getInFlight: ids => route('getInFlight', state => state.getInFlight(ids)),
    recordLatency: (id, sample, maxSamples) =>
      route(
        'recordLatency',
        state => state.recordLatency(id, sample, maxSamples),
        state => state.recordLatency(id, sample, maxSamples),
      ),
    getLatencies: ids => route('getLatencies', state => state.getLatencies(ids)),
    addSpend: (id, windowStartMs, pico, ttlMs) =>
      route(
        'addSpend',
        state => state.addSpend(id, windowStartMs, pico, ttlMs),
        state => state.addSpend(id, windowStartMs, pico, ttlMs),
      ),
    getSpend: windows => route('getSpend', state => state.getSpend(windows)),
    async close() {
      await Promise.allSettled([primary.close(), fallback.close()]);
    },
  };
}
