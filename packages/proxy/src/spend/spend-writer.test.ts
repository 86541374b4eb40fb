import { describe, expect, it, vi } from 'vitest';
import { findSpendLogs } from '../db/repositories/spend-log.repository.js';
import {
  findTeam,
  findTeamMemberships,
  insertTeam,
  upsertTeamMembership,
} from '../db/repositories/team.repository.js';
import { findUser, insertUser } from '../db/repositories/user.repository.js';
import type { NewSpendLog } from '../db/tables/spend-log.table.js';
import { DIALECTS, useTestDatabase } from '../db/test-dialects.js';
import { testSpendLog } from '../db/test-spend-log.js';
import { testTeamRow } from '../db/test-team-row.js';
import type { ProxyLogger } from '../logger.js';
import { createSpendWriter } from './spend-writer.js';

function spendRow(requestId: string, spendPico = 1_000n): NewSpendLog {
  return testSpendLog(requestId, { spend_pico: spendPico });
}

function recordingLogger(): ProxyLogger & { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  return {
    errors,
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (_fields, message) => warnings.push(message ?? ''),
    error: (_fields, message) => errors.push(message ?? ''),
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: createSpendWriter`, () => {
    const database = useTestDatabase(dialect);

    it('writes every queued row in one transaction per flush', async () => {
      const transaction = vi.spyOn(database.db, 'transaction');
      const writer = createSpendWriter(database.db, {
        flushIntervalMs: 60_000,
        maxQueueSize: 1_000,
      });
      for (let index = 0; index < 250; index++) writer.record(spendRow(`r${index}`));
      expect(await findSpendLogs(database.db)).toHaveLength(0);
      await writer.flush();
      expect(transaction).toHaveBeenCalledTimes(1);
      expect(await findSpendLogs(database.db)).toHaveLength(250);
      await writer.close();
    });

    it('writes a flush of many rows (several statements) in one transaction, exact', async () => {
      const transaction = vi.spyOn(database.db, 'transaction');
      const writer = createSpendWriter(database.db, {
        flushIntervalMs: 60_000,
        maxQueueSize: 10_000,
      });
      for (let index = 0; index < 2_000; index++) {
        // Four models, so each daily rollup row (an int8 sum) stays below 2^63 picodollars.
        writer.record({
          ...spendRow(`m${index}`, 9_007_199_254_740_993n + BigInt(index)),
          model: `model-${index % 4}`,
        });
      }
      await writer.flush();
      expect(transaction).toHaveBeenCalledTimes(1);
      const total = await database.db
        .selectFrom('llmux_spend_logs')
        .select(eb => eb.fn.countAll().as('rows'))
        .executeTakeFirstOrThrow();
      expect(total.rows).toBe(2_000n);
      const [last] = await findSpendLogs(database.db, { requestId: 'm1999' });
      expect(last?.spend_pico).toBe(9_007_199_254_740_993n + 1_999n);
      await writer.close();
    });

    it('writes nothing of a batch whose later statement fails', async () => {
      const logger = recordingLogger();
      const writer = createSpendWriter(database.db, {
        flushIntervalMs: 60_000,
        maxQueueSize: 10_000,
        maxAttempts: 1,
        logger,
      });
      // 700 good rows fill the first insert statement (500 rows); the duplicate fails the second.
      for (let index = 0; index < 700; index++) writer.record(spendRow(`g${index}`));
      writer.record(spendRow('g0'));
      await writer.flush();
      expect(await findSpendLogs(database.db)).toHaveLength(0);
      expect(logger.errors).toEqual([
        'writing spend rows failed; nothing of this batch was written',
        'spend rows dropped after 1 failed writes',
      ]);
      await writer.close();
    });

    it("adds each flush's summed spend to the rows' users, teams and memberships", async () => {
      const now = new Date().toISOString();
      for (const userId of ['u1', 'u2'])
        await insertUser(database.db, {
          user_id: userId,
          user_email: null,
          user_alias: null,
          user_role: 'internal_user',
          teams: '[]',
          models: '[]',
          metadata: '{}',
          created_at: now,
          updated_at: now,
        });
      await insertTeam(database.db, testTeamRow('t1', { created_at: now, updated_at: now }));
      await upsertTeamMembership(database.db, 'u1', 't1');
      const writer = createSpendWriter(database.db, { flushIntervalMs: 60_000 });
      writer.record(
        testSpendLog('a', { spend_pico: 9_007_199_254_740_993n, user: 'u1', team_id: 't1' }),
      );
      writer.record(testSpendLog('b', { spend_pico: 7n, user: 'u1', team_id: 't1' }));
      writer.record(testSpendLog('c', { spend_pico: 11n, user: 'u2' }));
      writer.record(testSpendLog('d', { spend_pico: 13n, user: 'ghost', team_id: 'nope' }));
      await writer.close();
      expect((await findUser(database.db, 'u1'))?.spend_pico).toBe(9_007_199_254_741_000n);
      expect((await findUser(database.db, 'u2'))?.spend_pico).toBe(11n);
      expect((await findTeam(database.db, 't1'))?.spend_pico).toBe(9_007_199_254_741_000n);
      expect((await findTeamMemberships(database.db, 't1'))[0]?.spend_pico).toBe(
        9_007_199_254_741_000n,
      );
      expect(await findSpendLogs(database.db)).toHaveLength(4);
    });

    it('flushes on its own when the queue is full and on the interval', async () => {
      const writer = createSpendWriter(database.db, { flushIntervalMs: 20, maxQueueSize: 3 });
      writer.record(spendRow('a'));
      writer.record(spendRow('b'));
      writer.record(spendRow('c'));
      await vi.waitFor(async () => expect(await findSpendLogs(database.db)).toHaveLength(3));
      writer.record(spendRow('d'));
      await vi.waitFor(async () => expect(await findSpendLogs(database.db)).toHaveLength(4), {
        timeout: 2_000,
      });
      await writer.close();
    });

    it('starts the flush of a full queue after the current turn, not inside record()', async () => {
      const writer = createSpendWriter(database.db, { flushIntervalMs: 60_000, maxQueueSize: 3 });
      writer.record(spendRow('a'));
      writer.record(spendRow('b'));
      writer.record(spendRow('c'));
      // Work queued by the same turn (a response being written) runs before the flush starts.
      for (let tick = 0; tick < 20; tick++) await Promise.resolve();
      expect(writer.queueSize).toBe(3);
      await vi.waitFor(async () => expect(await findSpendLogs(database.db)).toHaveLength(3));
      await writer.close();
    });

    it('builds recordLater() rows after the turn, or at flush() if that comes first', async () => {
      const logger = recordingLogger();
      const writer = createSpendWriter(database.db, { flushIntervalMs: 60_000, logger });
      const built: string[] = [];
      writer.recordLater(() => {
        built.push('x');
        return spendRow('x', 5n);
      });
      writer.recordLater(() => {
        throw new Error('no row');
      });
      writer.recordLater(() => undefined);
      expect(built).toEqual([]);
      expect(writer.queueSize).toBe(3);
      await new Promise(resolve => setImmediate(resolve));
      expect(built).toEqual(['x']);
      expect(logger.errors).toEqual(['building a spend row failed']);
      writer.recordLater(() => spendRow('y', 7n));
      await writer.flush();
      const rows = await findSpendLogs(database.db);
      expect(rows.map(row => [row.request_id, row.spend_pico]).sort()).toEqual([
        ['x', 5n],
        ['y', 7n],
      ]);
      writer.recordLater(() => spendRow('z'));
      await writer.close();
      expect(await findSpendLogs(database.db)).toHaveLength(3);
    });

    it('writes nothing of a failing batch, keeps its rows for the next flush, and drops them after maxAttempts', async () => {
      const logger = recordingLogger();
      const writer = createSpendWriter(database.db, {
        flushIntervalMs: 60_000,
        maxAttempts: 2,
        logger,
      });
      writer.record(spendRow('ok-1'));
      writer.record(spendRow('duplicate'));
      writer.record(spendRow('duplicate'));
      await writer.flush();
      // The duplicate key fails the insert; the transaction rolls back the rows before it too.
      expect(await findSpendLogs(database.db)).toHaveLength(0);
      expect(writer.queueSize).toBe(3);
      expect(logger.errors[0]).toMatch(/nothing of this batch was written/);
      await writer.flush();
      expect(writer.queueSize).toBe(0);
      expect(logger.errors).toContain('spend rows dropped after 2 failed writes');
      await writer.close();
    });

    it('close() waits for pending rows and writes rows from many concurrent producers', async () => {
      const writer = createSpendWriter(database.db, { flushIntervalMs: 60_000, maxQueueSize: 7 });
      await Promise.all(
        Array.from({ length: 100 }, async (_unused, index) => {
          await new Promise(resolve => setTimeout(resolve, index % 5));
          writer.record(spendRow(`c${index}`));
        }),
      );
      let release!: () => void;
      const streamEnded = new Promise<void>(resolve => {
        release = resolve;
      });
      writer.recordPending(streamEnded.then(() => spendRow('late', 42n)));
      setTimeout(release, 30);
      await writer.close();
      const rows = await findSpendLogs(database.db);
      expect(rows).toHaveLength(101);
      expect(rows.find(row => row.request_id === 'late')?.spend_pico).toBe(42n);
    });

    it('drops (and logs) rows recorded after close', async () => {
      const logger = recordingLogger();
      const writer = createSpendWriter(database.db, { logger });
      await writer.close();
      writer.record(spendRow('after'));
      expect(writer.queueSize).toBe(0);
      expect(logger.warnings[0]).toMatch(/after the spend writer closed/);
    });
  });
}
