import { describe, expect, it } from 'vitest';
import type { NewSpendLog } from '../tables/spend-log.table.js';
import { DIALECTS, useTestDatabase } from '../test-dialects.js';
import { testSpendLog } from '../test-spend-log.js';
import { findSpendLogs, insertSpendLogs } from './spend-log.repository.js';

// Fixed times: ordering by start time is part of what is tested.
function spendRow(requestId: string, overrides: Partial<NewSpendLog> = {}): NewSpendLog {
  return testSpendLog(requestId, {
    start_time: '2026-11-24T07:00:00.000Z',
    end_time: '2026-11-24T07:00:01.000Z',
    ...overrides,
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: spend log repository`, () => {
    const database = useTestDatabase(dialect);

    it('inserts more rows than fit one statement', async () => {
      const rows = Array.from({ length: 1_234 }, (_unused, index) =>
        spendRow(`r${String(index).padStart(4, '0')}`),
      );
      await insertSpendLogs(database.db, rows);
      const found = await findSpendLogs(database.db);
      expect(found).toHaveLength(1_234);
      expect(found[0]?.request_id).toBe('r0000');
      expect(found.at(-1)?.request_id).toBe('r1233');
    });

    it('finds rows by filter, oldest first', async () => {
      await insertSpendLogs(database.db, [
        spendRow('late', { start_time: '2026-11-24T09:00:00.000Z', api_key: 'k1' }),
        spendRow('early', { start_time: '2026-11-24T08:00:00.000Z', api_key: 'k1' }),
        spendRow('failed', {
          status: 'failure',
          model_group: 'other',
          call_id: 'client-call',
          error_type: 'InternalServerError',
          error_status: 500,
        }),
      ]);
      const ids = (rows: { request_id: string }[]) => rows.map(row => row.request_id);
      expect(ids(await findSpendLogs(database.db))).toEqual(['failed', 'early', 'late']);
      expect(ids(await findSpendLogs(database.db, { apiKey: 'k1' }))).toEqual(['early', 'late']);
      expect(ids(await findSpendLogs(database.db, { apiKey: 'k1', limit: 1 }))).toEqual(['early']);
      expect(ids(await findSpendLogs(database.db, { status: 'failure' }))).toEqual(['failed']);
      expect(ids(await findSpendLogs(database.db, { modelGroup: 'other' }))).toEqual(['failed']);
      expect(ids(await findSpendLogs(database.db, { callId: 'client-call' }))).toEqual(['failed']);
      const [failed] = await findSpendLogs(database.db, { requestId: 'failed' });
      expect(failed?.error_type).toBe('InternalServerError');
      expect(failed?.error_status).toBe(500n);
    });

    it('writes all or nothing inside a transaction', async () => {
      await expect(
        database.db.transaction().execute(async transaction => {
          await insertSpendLogs(transaction, [spendRow('a'), spendRow('b')]);
          await insertSpendLogs(transaction, [spendRow('a')]);
        }),
      ).rejects.toThrow();
      expect(await findSpendLogs(database.db)).toHaveLength(0);
    });
  });
}
