import { BudgetExceededError, picoToDollars, RateLimitError } from '@llmux/core';
import type { CachedKey } from './key-cache.js';

/** One admitted request: give back its reservation and slot once its outcome is known. */
export interface KeyAdmission {
  /**
   * Releases the reservation and the parallel slot, adds `costPico` to the key's spend and
   * `tokens` to the minute's token count. Only the first call counts.
   */
  settle(costPico: bigint, tokens: number): void;
  /** `x-ratelimit-*` headers for the key's limits (none when it has none). */
  headers(): Record<string, string>;
}

/**
 * Budgets and rate limits of virtual keys, in this process. Every check-and-count runs
 * synchronously, so concurrent requests in one process cannot overshoot: a key admits a
 * request only while `spent + reserved < max_budget`, so the last admitted request can
 * overshoot by at most its own reservation. Counts are per instance (not shared through
 * Redis yet).
 */
export interface KeyLimiter {
  /**
   * Admits a request of `key` reserving `reservePico`, or throws `BudgetExceededError`
   * (429 `budget_exceeded`) or `RateLimitError` (429 with `retry-after`).
   */
  admit(key: CachedKey, reservePico: bigint): KeyAdmission;
  /** Forgets the ledger's spend of a key (it was changed, deleted or its budget reset). */
  invalidate(token: string): void;
  /** Keys with a ledger entry. */
  readonly size: number;
}

export interface KeyLimiterOptions {
  /** Clock in ms since epoch (tests). Default `Date.now`. */
  now?: (() => number) | undefined;
}

interface Ledger {
  key: CachedKey;
  /** Spend from the key row, plus settled costs since. */
  spent: bigint;
  reserved: bigint;
  /** The key was changed: take the next row's spend as it is. */
  stale: boolean;
  inFlight: number;
  /** UTC minute (ms since epoch / 60 000) the counters below belong to. */
  minute: number;
  requests: number;
  tokens: number;
}

const minuteMs = 60_000;

/** LiteLLM's detail for any key rate limit. */
function rateLimitError(ledger: Ledger, retryAfterSeconds: number): RateLimitError {
  const { key } = ledger;
  return new RateLimitError({
    message:
      'LiteLLM Rate Limit Handler for rate limit type = key. Crossed TPM / RPM / Max Parallel Request Limit. ' +
      `current rpm: ${ledger.requests}, rpm limit: ${key.rpmLimit ?? 'None'}, ` +
      `current tpm: ${ledger.tokens}, tpm limit: ${key.tpmLimit ?? 'None'}, ` +
      `current max_parallel_requests: ${ledger.inFlight}, max_parallel_requests: ${key.maxParallelRequests ?? 'None'}`,
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}

/**
 * A `KeyLimiter` holding ledgers and per-minute counters in memory.
 *
 * @example
 * const limiter = createKeyLimiter();
 * const admission = limiter.admit(key, reservePico); // throws 429 when over a limit
 * // … call the model …
 * admission.settle(costPico, totalTokens);
 */
export function createKeyLimiter(options: KeyLimiterOptions = {}): KeyLimiter {
  const now = options.now ?? Date.now;
  const ledgers = new Map<string, Ledger>();

  function ledgerFor(key: CachedKey): Ledger {
    let ledger = ledgers.get(key.token);
    if (!ledger) {
      ledger = {
        key,
        spent: key.spendPico,
        reserved: 0n,
        stale: false,
        inFlight: 0,
        minute: 0,
        requests: 0,
        tokens: 0,
      };
      ledgers.set(key.token, ledger);
    } else if (ledger.key !== key) {
      // A fresh row: after a change (or reset) its spend is the truth; after a plain cache
      // expiry it may lag costs settled here and not yet flushed, so keep the larger.
      ledger.spent = ledger.stale || key.spendPico > ledger.spent ? key.spendPico : ledger.spent;
      ledger.stale = false;
      ledger.key = key;
    }
    const minute = Math.floor(now() / minuteMs);
    if (ledger.minute !== minute) {
      ledger.minute = minute;
      ledger.requests = 0;
      ledger.tokens = 0;
    }
    return ledger;
  }

  function release(ledger: Ledger): void {
    if (ledger.inFlight === 0 && ledger.reserved === 0n && ledger.stale)
      ledgers.delete(ledger.key.token);
  }

  return {
    admit(key, reservePico) {
      const ledger = ledgerFor(key);
      if (key.maxBudgetPico !== null && ledger.spent + ledger.reserved >= key.maxBudgetPico) {
        throw new BudgetExceededError({
          message:
            `Budget has been exceeded! Key=${key.keyAlias ?? key.keyName} (${key.keyName}) ` +
            `Current cost: ${picoToDollars(ledger.spent + ledger.reserved)}, ` +
            `Max budget: ${picoToDollars(key.maxBudgetPico)}`,
        });
      }
      const secondsToNextMinute = Math.max(
        1,
        Math.ceil(((ledger.minute + 1) * minuteMs - now()) / 1000),
      );
      if (key.rpmLimit !== null && ledger.requests >= key.rpmLimit)
        throw rateLimitError(ledger, secondsToNextMinute);
      if (key.tpmLimit !== null && ledger.tokens >= key.tpmLimit)
        throw rateLimitError(ledger, secondsToNextMinute);
      if (key.maxParallelRequests !== null && ledger.inFlight >= key.maxParallelRequests)
        throw rateLimitError(ledger, 1);
      ledger.requests += 1;
      ledger.inFlight += 1;
      ledger.reserved += reservePico;
      const minute = ledger.minute;
      let settled = false;
      return {
        settle(costPico, tokens) {
          if (settled) return;
          settled = true;
          ledger.inFlight -= 1;
          ledger.reserved -= reservePico;
          ledger.spent += costPico;
          if (ledger.minute === minute) ledger.tokens += tokens;
          release(ledger);
        },
        headers() {
          const headers: Record<string, string> = {};
          if (key.rpmLimit !== null) {
            headers['x-ratelimit-limit-requests'] = String(key.rpmLimit);
            headers['x-ratelimit-remaining-requests'] = String(
              Math.max(0, key.rpmLimit - ledger.requests),
            );
          }
          if (key.tpmLimit !== null) {
            headers['x-ratelimit-limit-tokens'] = String(key.tpmLimit);
            headers['x-ratelimit-remaining-tokens'] = String(
              Math.max(0, key.tpmLimit - ledger.tokens),
            );
          }
          return headers;
        },
      };
    },
    invalidate(token) {
      const ledger = ledgers.get(token);
      if (!ledger) return;
      ledger.stale = true;
      release(ledger);
    },
    get size() {
      return ledgers.size;
    },
  };
}
