import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerSqliteClient } from './worker-sqlite-client.js';

/** ~2 million rows counted by SQLite: long enough that a blocked event loop would show. */
const longQuery =
  'with recursive c(x) as (select 1 union all select x + 1 from c where x < 2000000) select count(*) as n from c';

describe('WorkerSqliteClient', () => {
  let dir: string;
  let path: string;
  let writer: SQLite.Database;
  const clients: WorkerSqliteClient[] = [];
  const open = (idleMs?: number): WorkerSqliteClient => {
    const client = new WorkerSqliteClient({ path, idleMs });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llmux-worker-sqlite-'));
    path = join(dir, 'llmux.sqlite');
    writer = new SQLite(path);
    writer.pragma('journal_mode = WAL');
    writer.exec('create table spend (id text primary key, pico integer not null)');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    writer.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads what another connection committed, integers as exact bigints', async () => {
    writer.prepare('insert into spend values (?, ?)').run('a', 9_007_199_254_740_993n);
    const client = open();
    await expect(client.query('select id, pico from spend', [])).resolves.toEqual([
      { id: 'a', pico: 9_007_199_254_740_993n },
    ]);
    writer.prepare('insert into spend values (?, ?)').run('b', 2n);
    await expect(
      client.query('select id from spend where pico < ? order by id', [10n]),
    ).resolves.toEqual([{ id: 'b' }]);
  });

  it('keeps the event loop turning while a long query runs', async () => {
    const client = open();
    await client.query('select 1', []);
    let turns = 0;
    let done = false;
    const query = client.query(longQuery, []).finally(() => {
      done = true;
    });
    while (!done) {
      await nextTurn();
      turns += 1;
    }
    await expect(query).resolves.toEqual([{ n: 2_000_000n }]);
    // On the event loop's own thread the query would leave no turn in between.
    expect(turns).toBeGreaterThan(10);
  });

  it('refuses to change data', async () => {
    const client = open();
    await expect(client.query("insert into spend values ('x', 1)", [])).rejects.toMatchObject({
      code: 'SQLITE_READONLY',
    });
    expect(writer.prepare('select count(*) as n from spend').get()).toEqual({ n: 0 });
  });

  it('answers an SQL error with its message and code, then goes on', async () => {
    const client = open();
    await expect(client.query('select nope from spend', [])).rejects.toMatchObject({
      message: expect.stringContaining('no such column: nope'),
      code: 'SQLITE_ERROR',
    });
    await expect(client.query('select count(*) as n from spend', [])).resolves.toEqual([{ n: 0n }]);
  });

  it('refuses a parameter that cannot cross to the worker, and still stops when idle', async () => {
    const client = open(5);
    await client.query('select 1', []);
    await expect(client.query('select ?', [() => 1])).rejects.toMatchObject({
      name: 'DataCloneError',
    });
    await expect(client.query('select 2 as two', [])).resolves.toEqual([{ two: 2n }]);
    while (client.running) await nextTurn();
  });

  it('answers queries sent together each with its own rows', async () => {
    const insert = writer.prepare('insert into spend values (?, ?)');
    for (let i = 0; i < 20; i++) insert.run(`k${i}`, BigInt(i));
    const client = open();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.query('select id from spend where pico = ?', [BigInt(i)]),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => [{ id: `k${i}` }]));
  });

  it('runs a transaction on its one connection: begin, reads, commit', async () => {
    const client = open();
    await client.query('begin', []);
    await client.query('select count(*) as n from spend', []);
    writer.prepare('insert into spend values (?, ?)').run('late', 1n);
    // The snapshot taken at the first read does not see the later commit.
    await expect(client.query('select count(*) as n from spend', [])).resolves.toEqual([{ n: 0n }]);
    await client.query('commit', []);
    await expect(client.query('select count(*) as n from spend', [])).resolves.toEqual([{ n: 1n }]);
  });

  it('stops an idle worker and starts another for the next query', async () => {
    const client = open(5);
    await client.query('select 1', []);
    while (client.running) await nextTurn();
    await expect(client.query('select 2 as two', [])).resolves.toEqual([{ two: 2n }]);
    expect(client.running).toBe(true);
  });

  it('rejects a query when the file does not exist, and works once it does', async () => {
    const missing = new WorkerSqliteClient({ path: join(dir, 'later.sqlite') });
    clients.push(missing);
    await expect(missing.query('select 1', [])).rejects.toThrow();
    expect(missing.running).toBe(false);
    new SQLite(join(dir, 'later.sqlite')).close();
    await expect(missing.query('select 1 as one', [])).resolves.toEqual([{ one: 1n }]);
  });

  it('answers the queries already sent when closed, then refuses more', async () => {
    const client = open();
    await client.query('select 1', []);
    const sent = client.query(longQuery, []);
    await client.close();
    await expect(sent).resolves.toEqual([{ n: 2_000_000n }]);
    expect(client.running).toBe(false);
    await expect(client.query('select 1', [])).rejects.toThrow(/closed/);
  });
});
