import type {
  ActiveCooldown,
  CooldownRecord,
  LatencySample,
  MinuteOutcomes,
  MinuteUsage,
  SyncRouterState,
} from './router-state.js';

export interface InMemoryRouterStateOptions {
  /**
   * Clock used only to drop expired spend windows (`addSpend` has no `nowMs`); spend reads
   * are keyed by window start, so this never changes a result. Defaults to `Date.now`.
   */
  now?: (() => number) | undefined;
}

interface MinuteCounters {
  minute: number;
  requests: number;
  tokens: number;
  successes: number;
  failures: number;
}

interface SpendWindow {
  pico: bigint;
  expiresAtMs: number;
}

/** The UTC wall-clock minute of `nowMs`, the window of rpm/tpm and outcome counts. */
export function minuteOf(nowMs: number): number {
  return Math.floor(nowMs / 60_000);
}

/**
 * Router state of one process: per-minute counters by UTC minute, cooldowns that end at
 * `nowMs + ttlMs`, a latency ring of the newest `maxSamples`, spend per budget window.
 * Every method answers synchronously (no promise), so read-modify-writes cannot interleave.
 *
 * @example
 * const state = createInMemoryRouterState();
 * if (state.tryTakeRequest(deployment.id, deployment.rpm, Date.now())) { ... }
 */
export function createInMemoryRouterState(
  options: InMemoryRouterStateOptions = {},
): SyncRouterState {
  const now = options.now ?? Date.now;
  const cooldowns = new Map<string, ActiveCooldown>();
  const counters = new Map<string, MinuteCounters>();
  const inFlight = new Map<string, number>();
  const latencies = new Map<string, LatencySample[]>();
  const spend = new Map<string, SpendWindow>();

  let newestMinute = Number.NEGATIVE_INFINITY;
  // Keyed by deployment and minute; minutes before the previous one are dropped as time moves on.
  const countersOf = (deploymentId: string, nowMs: number): MinuteCounters => {
    const minute = minuteOf(nowMs);
    if (minute > newestMinute) {
      newestMinute = minute;
      for (const [key, entry] of counters) if (entry.minute < minute - 1) counters.delete(key);
    }
    const key = `${deploymentId}\u0000${minute}`;
    let entry = counters.get(key);
    if (!entry) {
      entry = { minute, requests: 0, tokens: 0, successes: 0, failures: 0 };
      counters.set(key, entry);
    }
    return entry;
  };
  const spendKey = (deploymentId: string, windowStartMs: number) =>
    `${deploymentId}\u0000${windowStartMs}`;
  const dropExpiredSpend = (nowMs: number) => {
    for (const [key, window] of spend) if (window.expiresAtMs <= nowMs) spend.delete(key);
  };

  return {
    setCooldown(deploymentId: string, record: CooldownRecord, ttlMs: number, nowMs: number) {
      if (ttlMs <= 0) return;
      cooldowns.set(deploymentId, { ...record, untilMs: nowMs + ttlMs });
    },

    getCooldowns(deploymentIds: readonly string[], nowMs: number) {
      const active = new Map<string, ActiveCooldown>();
      for (const id of deploymentIds) {
        const cooldown = cooldowns.get(id);
        if (!cooldown) continue;
        if (cooldown.untilMs > nowMs) active.set(id, { ...cooldown });
        else cooldowns.delete(id);
      }
      return active;
    },

    recordOutcome(deploymentId: string, outcome: 'success' | 'failure', nowMs: number) {
      const entry = countersOf(deploymentId, nowMs);
      if (outcome === 'success') entry.successes += 1;
      else entry.failures += 1;
      return { successes: entry.successes, failures: entry.failures } satisfies MinuteOutcomes;
    },

    tryTakeRequest(deploymentId: string, rpmLimit: number | undefined, nowMs: number) {
      const entry = countersOf(deploymentId, nowMs);
      if (rpmLimit !== undefined && entry.requests >= rpmLimit) return false;
      entry.requests += 1;
      return true;
    },

    addTokens(deploymentId: string, tokens: number, nowMs: number) {
      countersOf(deploymentId, nowMs).tokens += tokens;
    },

    getUsage(deploymentIds: readonly string[], nowMs: number) {
      const minute = minuteOf(nowMs);
      const usage = new Map<string, MinuteUsage>();
      for (const id of deploymentIds) {
        const entry = counters.get(`${id}\u0000${minute}`);
        usage.set(id, { requests: entry?.requests ?? 0, tokens: entry?.tokens ?? 0 });
      }
      return usage;
    },

    addInFlight(deploymentId: string, delta: 1 | -1) {
      const next = Math.max(0, (inFlight.get(deploymentId) ?? 0) + delta);
      if (next === 0) inFlight.delete(deploymentId);
      else inFlight.set(deploymentId, next);
    },

    getInFlight(deploymentIds: readonly string[]) {
      return new Map(deploymentIds.map(id => [id, inFlight.get(id) ?? 0]));
    },

    recordLatency(deploymentId: string, sample: LatencySample, maxSamples: number) {
      const samples = latencies.get(deploymentId) ?? [];
      samples.push({ ...sample });
      if (samples.length > maxSamples) samples.splice(0, samples.length - maxSamples);
      latencies.set(deploymentId, samples);
    },

    getLatencies(deploymentIds: readonly string[]) {
      return new Map(
        deploymentIds.map(id => [id, (latencies.get(id) ?? []).map(sample => ({ ...sample }))]),
      );
    },

    addSpend(deploymentId: string, windowStartMs: number, pico: bigint, ttlMs: number) {
      const nowMs = now();
      dropExpiredSpend(nowMs);
      const key = spendKey(deploymentId, windowStartMs);
      const total = (spend.get(key)?.pico ?? 0n) + pico;
      spend.set(key, { pico: total, expiresAtMs: nowMs + ttlMs });
      return total;
    },

    getSpend(windows: ReadonlyArray<{ deploymentId: string; windowStartMs: number }>) {
      const nowMs = now();
      const result = new Map<string, bigint>();
      for (const { deploymentId, windowStartMs } of windows) {
        const window = spend.get(spendKey(deploymentId, windowStartMs));
        result.set(deploymentId, window && window.expiresAtMs > nowMs ? window.pico : 0n);
      }
      return result;
    },

    async close() {
      cooldowns.clear();
      counters.clear();
      inFlight.clear();
      latencies.clear();
      spend.clear();
    },
  };
}
