/**
 * Everything the router remembers between calls. One implementation keeps it in memory
 * (one process); another keeps it in Redis so several router instances behave as one.
 * Every method that reads-then-writes is atomic in each implementation. Methods may answer
 * synchronously (the in-memory state does: no promise per call on the hot path); callers
 * `await` them or pass them to `Promise.all`, which take plain values as well.
 *
 * Time is passed in (`nowMs`) rather than read, so tests can drive it with fake timers.
 * "Minute" windows are UTC wall-clock minutes (`Math.floor(nowMs / 60_000)`), as LiteLLM's
 * `{id}:rpm:{HH-MM}` keys are.
 */
/** A value, or a promise of it: the in-memory state answers at once, Redis through a promise. */
export type MaybePromise<T> = T | Promise<T>;

/** A `RouterState` whose calls answer synchronously (the in-memory state), `close` aside. */
export type SyncRouterState = {
  [Method in keyof RouterState]: Method extends 'close'
    ? RouterState[Method]
    : (...args: Parameters<RouterState[Method]>) => Awaited<ReturnType<RouterState[Method]>>;
};

export interface RouterState {
  /** Puts a deployment in cooldown until `nowMs + ttlMs`. */
  setCooldown(
    deploymentId: string,
    record: CooldownRecord,
    ttlMs: number,
    nowMs: number,
  ): MaybePromise<void>;
  /** The deployments among `deploymentIds` that are cooling down at `nowMs`, with when each ends. */
  getCooldowns(
    deploymentIds: readonly string[],
    nowMs: number,
  ): MaybePromise<Map<string, ActiveCooldown>>;

  /** Counts a success or a failure of a deployment in the current minute; returns the minute's counts after it. */
  recordOutcome(
    deploymentId: string,
    outcome: 'success' | 'failure',
    nowMs: number,
  ): MaybePromise<MinuteOutcomes>;

  /**
   * Takes one request of the current minute's `rpm` allowance when there is room: returns
   * true and counts it, or false (nothing counted) when `rpmLimit` requests were already
   * taken this minute. Without a limit it always counts and returns true.
   */
  tryTakeRequest(
    deploymentId: string,
    rpmLimit: number | undefined,
    nowMs: number,
  ): MaybePromise<boolean>;
  /** Adds tokens to the current minute's tpm count. */
  addTokens(deploymentId: string, tokens: number, nowMs: number): MaybePromise<void>;
  /** Current minute's request and token counts. */
  getUsage(deploymentIds: readonly string[], nowMs: number): MaybePromise<Map<string, MinuteUsage>>;

  /** In-flight calls (least-busy). `delta` is +1 at start, -1 at the end. */
  addInFlight(deploymentId: string, delta: 1 | -1): MaybePromise<void>;
  getInFlight(deploymentIds: readonly string[]): MaybePromise<Map<string, number>>;

  /** Appends a latency sample, keeping the newest `maxSamples` per deployment. */
  recordLatency(
    deploymentId: string,
    sample: LatencySample,
    maxSamples: number,
  ): MaybePromise<void>;
  getLatencies(deploymentIds: readonly string[]): MaybePromise<Map<string, LatencySample[]>>;

  /** Adds exact spend (picodollars) to a deployment's budget window `windowStartMs`; returns the window's total. */
  addSpend(
    deploymentId: string,
    windowStartMs: number,
    pico: bigint,
    ttlMs: number,
  ): MaybePromise<bigint>;
  /** Spend of each deployment in its window (`windowStartMs` per deployment). */
  getSpend(
    windows: ReadonlyArray<{ deploymentId: string; windowStartMs: number }>,
  ): MaybePromise<Map<string, bigint>>;

  close(): Promise<void>;
}

export interface CooldownRecord {
  /** The error that caused it, masked and cut to 50 characters (LiteLLM). */
  exception: string;
  status: number;
  timestampMs: number;
  cooldownSeconds: number;
}

export interface ActiveCooldown extends CooldownRecord {
  untilMs: number;
}

export interface MinuteOutcomes {
  successes: number;
  failures: number;
}

export interface MinuteUsage {
  requests: number;
  tokens: number;
}

export interface LatencySample {
  /** Seconds per completion token (LiteLLM's measure), or total seconds when no tokens. */
  secondsPerToken: number;
  /** Time to first token in seconds, for streams. */
  timeToFirstTokenSeconds?: number | undefined;
  atMs: number;
}
