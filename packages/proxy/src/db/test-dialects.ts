import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { type LlmuxDatabase, type OpenDatabaseOptions, openDatabase } from './open-database.js';

/**
 * One database dialect for tests (Kysely's `DIALECTS` loop): every DB test runs once per
 * entry. Each `createUrl()` names a fresh, empty database: a new SQLite file, or a new
 * Postgres schema (set as the connection's `search_path`), so test files running in
 * parallel never share tables.
 */
export interface TestDialect {
  name: 'sqlite' | 'postgres';
  /** The URL of a fresh, empty database; open it (and reopen it) with `openDatabase`. */
  createUrl(): Promise<string>;
  /** `openDatabase` on a fresh database. */
  open(options?: Omit<OpenDatabaseOptions, 'url'>): Promise<LlmuxDatabase>;
  /** Removes every database `createUrl` made; call it in `afterAll`. */
  cleanup(): Promise<void>;
}

const postgresUrlVariable = 'LLMUX_TEST_POSTGRES_URL';

function postgresBaseUrl(): string {
  const url = process.env[postgresUrlVariable];
  if (!url) {
    throw new Error(
      `${postgresUrlVariable} is not set, so the Postgres variant of this test cannot run. ` +
        'Run the tests with `pnpm test` (scripts/test.sh starts Postgres and sets it).',
    );
  }
  return url;
}

async function withPostgresClient(run: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: postgresBaseUrl() });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

function createTestDialect(
  name: TestDialect['name'],
  create: () => Promise<{ url: string; remove: () => Promise<void> }>,
): TestDialect {
  const removals: Array<() => Promise<void>> = [];
  const createUrl = async (): Promise<string> => {
    const { url, remove } = await create();
    removals.push(remove);
    return url;
  };
  return {
    name,
    createUrl,
    open: async options => openDatabase({ ...options, url: await createUrl() }),
    cleanup: async () => {
      for (const remove of removals.splice(0)) await remove();
    },
  };
}

const sqlite = createTestDialect('sqlite', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'llmux-db-'));
  return {
    url: `sqlite:${join(directory, 'llmux.sqlite')}`,
    remove: () => rm(directory, { recursive: true, force: true }),
  };
});

const postgres = createTestDialect('postgres', async () => {
  const schema = `llmux_test_${process.pid}_${crypto.randomUUID().replaceAll('-', '')}`;
  await withPostgresClient(async client => {
    await client.query(`create schema "${schema}"`);
  });
  const url = new URL(postgresBaseUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    remove: () =>
      withPostgresClient(async client => {
        await client.query(`drop schema if exists "${schema}" cascade`);
      }),
  };
});

/** Every dialect the proxy supports; DB tests loop over all of them and skip none. */
export const DIALECTS: readonly TestDialect[] = [sqlite, postgres];

/**
 * Registers the hooks of a per-test database in the current `describe`: a fresh database of
 * `dialect` before each test (spend flushed only when a test asks), closed after it, and
 * the dialect's databases removed after all. Returns a stand-in for the current test's
 * database.
 */
export function useTestDatabase(
  dialect: TestDialect,
  options: Omit<OpenDatabaseOptions, 'url'> = { spendWriter: { flushIntervalMs: 60_000 } },
): LlmuxDatabase {
  let current: LlmuxDatabase | undefined;
  beforeEach(async () => {
    current = await dialect.open(options);
  });
  afterEach(async () => {
    // Undefined when beforeEach failed (no Postgres): its error is the one to show.
    await current?.close();
    current = undefined;
  });
  afterAll(() => dialect.cleanup());
  return new Proxy({} as LlmuxDatabase, {
    get(_target, property) {
      if (!current) throw new Error('The test database is open only inside a test.');
      return Reflect.get(current, property, current);
    },
  });
}
