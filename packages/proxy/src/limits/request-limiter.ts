import { type LimitCheck, limitChecks } from './limit-checks.js';
import type { LimitEntity, LimitSubjects } from './limit-subjects.js';
import { rateLimitError } from './rate-limit-error.js';

/** One admitted request: give back its reservations and slots once its outcome is known. */
export interface Admission {
  /**
   * Releases the reservation and the parallel slot of every entity, adds `costPico` to their
   * spend and `tokens` to their minute's token count. Only the first call counts.
   */
  settle(costPico: bigint, tokens: number): void;
  /** `x-ratelimit-*` headers for the virtual key's limits (none when it has none). */
  headers(): Record<string, string>;
}

/**
 * Budgets and rate limits of every entity a request touches (key, key per model, team, user,
 * end user), in this process. `admit` checks and reserves for all of them synchronously, in
 * one step, so concurrent requests in one process overshoot any budget by at most one
 * request's reservation. Counts are per instance (not shared through Redis yet).
 */
export interface RequestLimiter {
  /**
   * Admits a request reserving `reservePico` on every budget it touches, or throws:
   * `BudgetExceededError` (429 `budget_exceeded`), `RateLimitError` (429 with `retry-after`),
   * a 401 for a blocked team or a model its team's `models` do not allow, or a 400 for a
   * blocked end user. A refused request changes no counter.
   */
  admit(subjects: LimitSubjects, reserve: bigint | (() => bigint)): Admission;
  /** Forgets the spend of an entity's ledger (its row was changed, deleted or reset). */
  invalidate(entity: LimitEntity, id: string): void;
  /** Ledgers held. */
  readonly size: number;
}

export interface RequestLimiterOptions {
  /** Clock in ms since epoch (tests). Default `Date.now`. */
  now?: (() => number) | undefined;
}

interface Ledger {
  id: string;
  source: object;
  /** Spend from the row, plus settled costs since. */
  spent: bigint;
  reserved: bigint;
  /** The row was changed: take the next row's spend as it is. */
  stale: boolean;
  /** A model budget's window start. */
  window: number | undefined;
  inFlight: number;
  /** UTC minute (ms since epoch / 60 000) the counters below belong to. */
  minute: number;
  requests: number;
  tokens: number;
}

const minuteMs = 60_000;

const hasBudget = (check: LimitCheck): boolean => check.budget !== undefined;

/**
 * A `RequestLimiter` holding ledgers and per-minute counters in memory.
 *
 * @example
 * const limiter = createRequestLimiter();
 * const admission = limiter.admit({ key, team, endUser }, reservePico); // throws 429 when over
 * // … call the model …
 * admission.settle(costPico, totalTokens);
 */
export function createRequestLimiter(options: RequestLimiterOptions = {}): RequestLimiter {
  const now = options.now ?? Date.now;
  const ledgers = new Map<string, Ledger>();

  function ledgerFor(check: LimitCheck, minute: number): Ledger {
    let ledger = ledgers.get(check.ledgerId);
    if (!ledger) {
      ledger = {
        id: check.ledgerId,
        source: check.source,
        spent: check.spendPico,
        reserved: 0n,
        stale: false,
        window: check.window,
        inFlight: 0,
        minute,
        requests: 0,
        tokens: 0,
      };
      ledgers.set(check.ledgerId, ledger);
    } else if (check.window !== undefined) {
      // A model budget's spend comes from its window's spend rows, read once per window.
      if (ledger.window !== check.window) {
        ledger.window = check.window;
        ledger.spent = check.spendPico;
      }
      ledger.source = check.source;
    } else if (ledger.source !== check.source) {
      // A fresh row: after a change (or reset) its spend is the truth; after a plain cache
      // expiry it may lag costs settled here and not yet flushed, so keep the larger.
      ledger.spent =
        ledger.stale || check.spendPico > ledger.spent ? check.spendPico : ledger.spent;
      ledger.stale = false;
      ledger.source = check.source;
    }
    if (ledger.minute !== minute) {
      ledger.minute = minute;
      ledger.requests = 0;
      ledger.tokens = 0;
    }
    return ledger;
  }

  function release(ledger: Ledger): void {
    if (ledger.inFlight === 0 && ledger.reserved === 0n && ledger.stale) ledgers.delete(ledger.id);
  }

  function refuseIfOver(checks: readonly LimitCheck[], entries: readonly Ledger[]): void {
    checks.forEach((check, index) => {
      if (check.refusal) throw check.refusal();
      const ledger = entries[index];
      const budget = check.budget;
      if (!ledger || !budget) return;
      const current = ledger.spent + ledger.reserved;
      if (budget.inclusive ? current >= budget.maxPico : current > budget.maxPico)
        throw budget.error(current, budget.maxPico);
    });
    const time = now();
    const secondsToNextMinute = Math.max(
      1,
      Math.ceil(((Math.floor(time / minuteMs) + 1) * minuteMs - time) / 1000),
    );
    checks.forEach((check, index) => {
      const ledger = entries[index];
      const rate = check.rate;
      if (!ledger || !rate) return;
      // Built only to refuse: most requests pass every limit.
      const limited = () => ({
        ...rate,
        requests: ledger.requests,
        tokens: ledger.tokens,
        inFlight: ledger.inFlight,
      });
      if (rate.rpmLimit !== null && ledger.requests >= rate.rpmLimit)
        throw rateLimitError(rate.type, limited(), secondsToNextMinute);
      if (rate.tpmLimit !== null && ledger.tokens >= rate.tpmLimit)
        throw rateLimitError(rate.type, limited(), secondsToNextMinute);
      if (rate.maxParallelRequests !== null && ledger.inFlight >= rate.maxParallelRequests)
        throw rateLimitError(rate.type, limited(), 1);
    });
  }

  return {
    admit(subjects, reserve) {
      const checks = limitChecks(subjects);
      // Only a budget looks at reservations: without one the worst case is not worked out.
      const reservePico =
        typeof reserve === 'bigint' ? reserve : checks.some(hasBudget) ? reserve() : 0n;
      const minute = Math.floor(now() / minuteMs);
      const entries = checks.map(check => ledgerFor(check, minute));
      refuseIfOver(checks, entries);
      for (const ledger of entries) {
        ledger.requests += 1;
        ledger.inFlight += 1;
        ledger.reserved += reservePico;
      }
      const key = subjects.key;
      const keyLedger = key ? entries[0] : undefined;
      let settled = false;
      return {
        settle(costPico, tokens) {
          if (settled) return;
          settled = true;
          for (const ledger of entries) {
            ledger.inFlight -= 1;
            ledger.reserved -= reservePico;
            ledger.spent += costPico;
            if (ledger.minute === minute) ledger.tokens += tokens;
            release(ledger);
          }
        },
        headers() {
          const headers: Record<string, string> = {};
          if (!key || !keyLedger) return headers;
          if (key.rpmLimit !== null) {
            headers['x-ratelimit-limit-requests'] = String(key.rpmLimit);
            headers['x-ratelimit-remaining-requests'] = String(
              Math.max(0, key.rpmLimit - keyLedger.requests),
            );
          }
          if (key.tpmLimit !== null) {
            headers['x-ratelimit-limit-tokens'] = String(key.tpmLimit);
            headers['x-ratelimit-remaining-tokens'] = String(
              Math.max(0, key.tpmLimit - keyLedger.tokens),
            );
          }
          return headers;
        },
      };
    },
    invalidate(entity, id) {
      const ledger = ledgers.get(`${entity}:${id}`);
      if (!ledger) return;
      ledger.stale = true;
      release(ledger);
    },
    get size() {
      return ledgers.size;
    },
  };
}
