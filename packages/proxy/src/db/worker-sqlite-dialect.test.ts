import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerSqliteClient } from './worker-sqlite-client.js';
import { createWorkerSqliteDialect } from './worker-sqlite-dialect.js';

interface TestTables {
  spend: { id: string; pico: bigint };
}

describe('createWorkerSqliteDialect', () => {
  let dir: string;
  let client: WorkerSqliteClient;
  let db: Kysely<TestTables>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llmux-worker-dialect-'));
    const path = join(dir, 'llmux.sqlite');
    const writer = new SQLite(path);
    writer.pragma('journal_mode = WAL');
    writer.exec(
      "create table spend (id text primary key, pico integer not null); insert into spend values ('a', 5), ('b', 7)",
    );
    writer.close();
    client = new WorkerSqliteClient({ path });
    db = new Kysely<TestTables>({ dialect: createWorkerSqliteDialect(client) });
  });

  afterEach(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs Kysely queries on the worker connection', async () => {
    const rows = await db
      .selectFrom('spend')
      .select(['id', 'pico'])
      .where('pico', '>', 6n)
      .execute();
    expect(rows).toEqual([{ id: 'b', pico: 7n }]);
  });

  it('holds the connection for a transaction: a query outside it waits for the commit', async () => {
    const events: string[] = [];
    let outside: Promise<unknown> | undefined;
    await db.transaction().execute(async transaction => {
      outside = db
        .selectFrom('spend')
        .select('id')
        .execute()
        .then(() => events.push('outside'));
      const [all, one] = await Promise.all([
        transaction.selectFrom('spend').select('id').orderBy('id').execute(),
        transaction.selectFrom('spend').select('pico').where('id', '=', 'a').executeTakeFirst(),
      ]);
      events.push(`inside ${all.length} ${one?.pico}`);
    });
    events.push('committed');
    await outside;
    expect(events).toEqual(['inside 2 5', 'committed', 'outside']);
  });

  it('refuses streaming', async () => {
    const stream = db.selectFrom('spend').select('id').stream();
    await expect(stream.next()).rejects.toThrow(/not supported/);
  });

  it('stops the worker when Kysely is destroyed', async () => {
    await db.selectFrom('spend').select('id').execute();
    expect(client.running).toBe(true);
    await db.destroy();
    expect(client.running).toBe(false);
    await expect(client.query('select 1', [])).rejects.toThrow(/closed/);
  });
});
