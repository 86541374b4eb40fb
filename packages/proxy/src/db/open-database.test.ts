import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.js';
import { findSpendLogs } from './repositories/spend-log.repository.js';
import type { NewSpendLog } from './tables/spend-log.table.js';
import { DIALECTS } from './test-dialects.js';
import { testSpendLog } from './test-spend-log.js';

function spendRow(overrides: Partial<NewSpendLog> = {}): NewSpendLog {
  return testSpendLog(crypto.randomUUID(), {
    call_id: 'call',
    spend_pico: 1_234_567n,
    total_tokens: 3,
    prompt_tokens: 2,
    completion_tokens: 1,
    model: 'gpt-4o',
    model_id: 'id',
    model_group: 'gpt-4o',
    custom_llm_provider: 'openai',
    ...overrides,
  });
}

describe('openDatabase (SQLite file defaults)', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'llmux-db-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('creates .llmux/llmux.sqlite under cwd in WAL mode and migrates it', async () => {
    const database = await openDatabase({ cwd: directory });
    const file = join(directory, '.llmux', 'llmux.sqlite');
    expect(existsSync(file)).toBe(true);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    await database.close();
    await database.close();
  });

  it('reads reports through a worker connection that sees the flushed spend and leaves the event loop free', async () => {
    const database = await openDatabase({ cwd: directory });
    expect(database.reports).not.toBe(database.db);
    database.spend.record(spendRow({ spend_pico: 9_007_199_254_740_993n }));
    await database.spend.flush();
    const read = await database.reports
      .selectFrom('llmux_spend_logs')
      .select('spend_pico')
      .execute();
    expect(read).toEqual([{ spend_pico: 9_007_199_254_740_993n }]);
    let turns = 0;
    let done = false;
    const long = sql<{
      n: bigint;
    }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000) select count(*) as n from c`
      .execute(database.reports)
      .finally(() => {
        done = true;
      });
    while (!done) {
      await new Promise(resolve => setImmediate(resolve));
      turns += 1;
    }
    expect((await long).rows).toEqual([{ n: 1_000_000n }]);
    expect(turns).toBeGreaterThan(10);
    await expect(sql`delete from llmux_spend_logs`.execute(database.reports)).rejects.toMatchObject(
      { code: 'SQLITE_READONLY' },
    );
    await database.close();
  });

  it("keeps SQLite's own 2 MB page cache, not better-sqlite3's 16 MB", async () => {
    const database = await openDatabase({ cwd: directory });
    const cache = await sql<{ cache_size: bigint }>`pragma cache_size`.execute(database.db);
    expect(cache.rows[0]?.cache_size).toBe(-2000n);
    await database.close();
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: openDatabase`, () => {
    afterAll(() => dialect.cleanup());

    it('runs the migrations once, and not again on reopen', async () => {
      const url = await dialect.createUrl();
      const first = await openDatabase({ url });
      const migrations = sql<{ name: string }>`select name from llmux_migration order by name`;
      expect((await migrations.execute(first.db)).rows.map(row => row.name)).toEqual([
        '2026_11_24_064000_create_spend_logs',
        '2026_11_24_080000_create_verification_tokens',
        '2026_11_24_090000_create_users_and_teams',
        '2026_11_24_100000_create_end_users',
        '2026_11_24_110000_create_daily_spend',
        '2026_11_24_120000_add_team_max_parallel_requests',
      ]);
      first.spend.record(spendRow({ request_id: 'kept' }));
      await first.close();
      await first.close();
      const second = await openDatabase({ url });
      expect((await migrations.execute(second.db)).rows).toHaveLength(6);
      expect((await findSpendLogs(second.db)).map(row => row.request_id)).toEqual(['kept']);
      await second.close();
    });

    it('keeps spend above 2^53 exact as bigint, and reads every integer as bigint', async () => {
      const url = await dialect.createUrl();
      const first = await openDatabase({ url });
      // More than 2^53 picodollars: a float would round it. The largest int8 too.
      first.spend.record(spendRow({ request_id: 'big', spend_pico: 9_007_199_254_740_993n }));
      // Another model: summed into one daily rollup row, the two would pass the largest int8.
      first.spend.record(
        spendRow({
          request_id: 'max',
          model: 'gpt-4o-max',
          spend_pico: 9_223_372_036_854_775_807n,
          error_status: 500,
        }),
      );
      await first.close();
      const second = await openDatabase({ url });
      const [big] = await findSpendLogs(second.db, { requestId: 'big' });
      expect(big?.spend_pico).toBe(9_007_199_254_740_993n);
      expect(big?.total_tokens).toBe(3n);
      expect(big?.error_status).toBeNull();
      const [max] = await findSpendLogs(second.db, { requestId: 'max' });
      expect(max?.spend_pico).toBe(9_223_372_036_854_775_807n);
      expect(max?.error_status).toBe(500n);
      const total = await second.db
        .selectFrom('llmux_spend_logs')
        .select(eb => eb.fn.countAll().as('rows'))
        .executeTakeFirstOrThrow();
      expect(total.rows).toBe(2n);
      await second.close();
    });

    it('returns times as the ISO-8601 text it stored', async () => {
      const database = await dialect.open();
      const startTime = '2026-11-24T07:00:00.123Z';
      database.spend.record(
        spendRow({ request_id: 'timed', start_time: startTime, completion_start_time: startTime }),
      );
      await database.spend.flush();
      const [row] = await findSpendLogs(database.db, { requestId: 'timed' });
      expect(row?.start_time).toBe(startTime);
      expect(row?.completion_start_time).toBe(startTime);
      await database.close();
    });
  });
}

/** The error `openDatabase` rejects with; fails the test when it opens. */
async function openingError(url: string): Promise<Error> {
  const database = await openDatabase({ url }).catch((error: unknown) => error);
  if (database instanceof Error) return database;
  throw new Error('openDatabase opened a database that should have failed');
}

describe('postgres: openDatabase specifics', () => {
  const postgres = DIALECTS.find(dialect => dialect.name === 'postgres');
  afterAll(() => postgres?.cleanup());

  it('creates int8 money and text times, and leaves the global pg type parsers alone', async () => {
    if (!postgres) throw new Error('DIALECTS has no postgres entry');
    const database = await postgres.open();
    const columns = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name = 'llmux_spend_logs'`.execute(
      database.db,
    );
    const types = Object.fromEntries(columns.rows.map(row => [row.column_name, row.data_type]));
    expect(types.spend_pico).toBe('bigint');
    expect(types.error_status).toBe('bigint');
    expect(types.start_time).toBe('text');
    expect(pg.types.getTypeParser(pg.types.builtins.INT8)('12')).toBe('12');
    await database.close();
  });

  it('opens at most connectionPoolLimit connections', async () => {
    if (!postgres) throw new Error('DIALECTS has no postgres entry');
    const url = new URL(await postgres.createUrl());
    const applicationName = `llmux_pool_${crypto.randomUUID().replaceAll('-', '')}`;
    url.searchParams.set('application_name', applicationName);
    const database = await openDatabase({ url: url.toString(), connectionPoolLimit: 2 });
    const sleeping = Array.from({ length: 6 }, () =>
      sql`select pg_sleep(0.3)`.execute(database.db),
    );
    const observer = new pg.Client({ connectionString: process.env.LLMUX_TEST_POSTGRES_URL });
    await observer.connect();
    await new Promise(resolve => setTimeout(resolve, 100));
    const { rows } = await observer.query<{ connections: string }>(
      'select count(*) as connections from pg_stat_activity where application_name = $1',
      [applicationName],
    );
    await observer.end();
    expect(rows[0]?.connections).toBe('2');
    await Promise.all(sleeping);
    await database.close();
  });

  it('never shows the password in the error when the login fails', async () => {
    if (!postgres) throw new Error('DIALECTS has no postgres entry');
    const url = new URL(await postgres.createUrl());
    url.password = 'Wrong-Secret-42';
    const error = await openingError(url.toString());
    expect(error.message).toMatch(/^Opening the Postgres database .*:\*\*\*@.* failed: /);
    expect(`${error.message}\n${error.stack}`).not.toContain('Wrong-Secret-42');
    expect(String(error.cause ?? '')).not.toContain('Wrong-Secret-42');
  });

  it('fails clearly (without the password) when the server does not answer', async () => {
    const error = await openingError('postgres://llmux:Hidden-Pass-7@127.0.0.1:1/llmux');
    expect(error.message).toMatch(
      /^Opening the Postgres database postgres:\/\/llmux:\*\*\*@127\.0\.0\.1:1\/llmux failed: .*ECONNREFUSED/,
    );
    expect(error.message).not.toContain('Hidden-Pass-7');
  });
});
