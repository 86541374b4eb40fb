import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { insertSpendLogs } from '../db/repositories/spend-log.repository.js';
import { addTeamMembershipSpend, addTeamSpend } from '../db/repositories/team.repository.js';
import { addUserSpend } from '../db/repositories/user.repository.js';
import { addVerificationTokenSpend } from '../db/repositories/verification-token.repository.js';
import type { NewSpendLog } from '../db/tables/spend-log.table.js';
import { type ProxyLogger, silentLogger } from '../logger.js';
import { addDailySpend } from './daily-rollup.js';
import { addEndUserSpendOf } from './end-user-spend.js';

export interface SpendWriterOptions {
  /** Flush this often. Default 1000 ms. */
  flushIntervalMs?: number | undefined;
  /**
   * Flush as soon as this many rows wait. Default 200: better-sqlite3 runs a flush on the
   * event loop (15–40 µs a row with the rollup and balance updates), so a flush holds it a
   * few ms; with `synchronous = NORMAL` the extra commits cost little (500-row flushes save
   * about 2 µs a row and hold the loop for up to 20 ms).
   */
  maxQueueSize?: number | undefined;
  /** Flushes a row may fail before it is dropped (and logged). Default 3. */
  maxAttempts?: number | undefined;
  /** How long `close()` waits for rows still being produced (streams ending). Default 5000 ms. */
  closeTimeoutMs?: number | undefined;
  logger?: ProxyLogger | undefined;
}

/**
 * Queues spend rows and writes them in batches, one transaction per flush, so requests
 * never wait on the database. The same transaction adds the summed spend to each virtual
 * key's `spend_pico`, and to its owner's (`user`), team's (`team_id`) and membership's, one
 * UPDATE per entity, and to its end user's (`end_user`, created when missing), and adds the
 * rows to the daily rollup (`addDailySpend`).
 */
export interface SpendWriter {
  /** Queues a row; never throws. */
  record(row: NewSpendLog): void;
  /**
   * Queues the row `build` makes, built once the current turn of the event loop is done (one
   * `setImmediate` for every row of the turn), so a response goes out before its row is
   * made. `flush()` and `close()` build any still waiting first. A `build` that throws is
   * logged; nothing else is lost.
   */
  recordLater(build: () => NewSpendLog | undefined): void;
  /** Queues the row a promise produces (e.g. when a stream ends); `close()` waits for it. */
  recordPending(row: Promise<NewSpendLog | undefined>): void;
  /** Writes every queued row in one transaction. Failures are logged and the rows retried. */
  flush(): Promise<void>;
  /** Stops the timer, waits for pending rows, flushes. Later rows are dropped with a warning. */
  close(): Promise<void>;
  /** Rows waiting for the next flush. */
  readonly queueSize: number;
}

interface QueuedRow {
  row: NewSpendLog;
  failures: number;
}

function describeDropped(rows: readonly QueuedRow[]): object {
  return {
    rows: rows.length,
    requestIds: rows.map(item => item.row.request_id),
    spendPico: rows.reduce((sum, item) => sum + BigInt(item.row.spend_pico), 0n).toString(),
  };
}

/**
 * A batch's summed spend per value of `field` ('' and zero spend skipped), in id order, so
 * a flush runs one UPDATE per entity and concurrent flushes lock rows in the same order.
 */
function spendBy(
  rows: readonly NewSpendLog[],
  field: (row: NewSpendLog) => string,
): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const row of rows) {
    const spend = BigInt(row.spend_pico);
    const id = field(row);
    if (id !== '' && spend !== 0n) sums.set(id, (sums.get(id) ?? 0n) + spend);
  }
  return new Map([...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function spendByMembership(
  rows: readonly NewSpendLog[],
): Array<{ userId: string; teamId: string; spendPico: bigint }> {
  const sums = spendBy(rows, row =>
    row.user !== '' && row.team_id ? JSON.stringify([row.user, row.team_id]) : '',
  );
  return [...sums].map(([pair, spendPico]) => {
    const [userId, teamId] = JSON.parse(pair) as [string, string];
    return { userId, teamId, spendPico };
  });
}

export function createSpendWriter(
  db: Kysely<Database>,
  options: SpendWriterOptions = {},
): SpendWriter {
  const logger = options.logger ?? silentLogger;
  const maxQueueSize = Math.max(1, options.maxQueueSize ?? 200);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const closeTimeoutMs = options.closeTimeoutMs ?? 5000;
  let queue: QueuedRow[] = [];
  const pending = new Set<Promise<void>>();
  let flushChain: Promise<void> = Promise.resolve();
  let closed = false;
  let later: Array<() => NewSpendLog | undefined> = [];
  let laterScheduled: ReturnType<typeof setImmediate> | undefined;
  let fullFlushScheduled = false;

  function buildLater(): void {
    if (laterScheduled !== undefined) clearImmediate(laterScheduled);
    laterScheduled = undefined;
    const builds = later;
    later = [];
    for (const build of builds) {
      let row: NewSpendLog | undefined;
      try {
        row = build();
      } catch (error) {
        logger.error({ error: String(error) }, 'building a spend row failed');
        continue;
      }
      if (row) record(row);
    }
  }

  async function writeQueued(): Promise<void> {
    buildLater();
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    try {
      await db.transaction().execute(async transaction => {
        const rows = batch.map(item => item.row);
        await insertSpendLogs(transaction, rows);
        await addDailySpend(transaction, rows);
        await addVerificationTokenSpend(
          transaction,
          spendBy(rows, row => row.api_key),
        );
        // Teams before users, each in id order: the order team member changes lock them in,
        // so a flush and a member change (or two instances' flushes) cannot deadlock.
        await addTeamSpend(
          transaction,
          spendBy(rows, row => row.team_id ?? ''),
        );
        await addUserSpend(
          transaction,
          spendBy(rows, row => row.user ?? ''),
        );
        await addTeamMembershipSpend(transaction, spendByMembership(rows));
        await addEndUserSpendOf(transaction, rows);
      });
    } catch (error) {
      const retry: QueuedRow[] = [];
      const dropped: QueuedRow[] = [];
      for (const item of batch) {
        item.failures++;
        (item.failures >= maxAttempts ? dropped : retry).push(item);
      }
      queue = [...retry, ...queue];
      const reason = error instanceof Error ? error.message : String(error);
      logger.error(
        { rows: batch.length, error: reason },
        'writing spend rows failed; nothing of this batch was written',
      );
      if (dropped.length > 0)
        logger.error(
          describeDropped(dropped),
          `spend rows dropped after ${maxAttempts} failed writes`,
        );
    }
  }

  function flush(): Promise<void> {
    flushChain = flushChain.then(writeQueued);
    return flushChain;
  }

  function flushInBackground(): void {
    flush().catch(error => logger.error({ error: String(error) }, 'spend flush failed'));
  }

  const timer = setInterval(() => {
    if (queue.length > 0) flushInBackground();
  }, options.flushIntervalMs ?? 1000);
  timer.unref();

  function record(row: NewSpendLog): void {
    if (closed) {
      logger.warn(
        describeDropped([{ row, failures: 0 }]),
        'spend row arrived after the spend writer closed; dropped',
      );
      return;
    }
    queue.push({ row, failures: 0 });
    // After this turn: the response that recorded the row goes out before the flush holds
    // the loop (better-sqlite3 writes synchronously).
    if (queue.length >= maxQueueSize && !fullFlushScheduled) {
      fullFlushScheduled = true;
      setImmediate(() => {
        fullFlushScheduled = false;
        flushInBackground();
      });
    }
  }

  function recordLater(build: () => NewSpendLog | undefined): void {
    later.push(build);
    laterScheduled ??= setImmediate(buildLater);
  }

  function recordPending(row: Promise<NewSpendLog | undefined>): void {
    const tracked = row.then(
      value => {
        if (value) record(value);
      },
      error => logger.error({ error: String(error) }, 'building a spend row failed'),
    );
    const settled = tracked.finally(() => pending.delete(settled));
    pending.add(settled);
  }

  async function waitForPending(): Promise<void> {
    if (pending.size === 0) return;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>(resolve => {
      timeout = setTimeout(() => resolve('timeout'), closeTimeoutMs);
    });
    const outcome = await Promise.race([
      Promise.all(pending).then(() => 'done' as const),
      timedOut,
    ]);
    clearTimeout(timeout);
    if (outcome === 'timeout') {
      logger.warn(
        { pending: pending.size },
        'closing before every streamed request ended; their spend rows will be missing',
      );
    }
  }

  let closing: Promise<void> | undefined;
  async function closeOnce(): Promise<void> {
    clearInterval(timer);
    buildLater();
    await waitForPending();
    closed = true;
    // flush() is chained, so this also waits for a flush already under way. Rows that fail
    // get their remaining attempts here.
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      await flush();
      if (queue.length === 0) break;
    }
  }

  return {
    record,
    recordLater,
    recordPending,
    flush,
    close: () => {
      closing ??= closeOnce();
      return closing;
    },
    get queueSize() {
      return queue.length + later.length;
    },
  };
}
