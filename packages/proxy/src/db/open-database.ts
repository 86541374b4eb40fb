import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { type ProxyLogger, silentLogger } from '../logger.js';
import {
  createSpendWriter,
  type SpendWriter,
  type SpendWriterOptions,
} from '../spend/spend-writer.js';
import { withCachedStatements } from './cached-statements.js';
import { createPostgresDialect } from './create-postgres-dialect.js';
import type { Database } from './database.js';
import { inCodeMigrationProvider } from './migration-provider.js';
import { databaseUrlSecrets, maskDatabaseSecrets } from './redact-database-url.js';
import {
  type DatabaseLocation,
  type PostgresLocation,
  resolveDatabaseTarget,
} from './resolve-database-location.js';
import { WorkerSqliteClient } from './worker-sqlite-client.js';
import { createWorkerSqliteDialect } from './worker-sqlite-dialect.js';

export interface OpenDatabaseOptions {
  /** `general_settings.database_url`; see `resolveDatabaseTarget`. */
  url?: string | undefined;
  /** `general_settings.database_connection_pool_limit`: most Postgres connections. Default 10. */
  connectionPoolLimit?: number | undefined;
  logger?: ProxyLogger | undefined;
  /** Base of relative paths. Default: `process.cwd()`. */
  cwd?: string | undefined;
  spendWriter?: Omit<SpendWriterOptions, 'logger'> | undefined;
}

export interface LlmuxDatabase {
  db: Kysely<Database>;
  /**
   * For the spend reports' reads. On a SQLite file, a read-only connection of its own in a
   * worker thread, so a report over millions of rows does not hold the event loop; else `db`.
   */
  reports: Kysely<Database>;
  /** Batches spend rows off the request path. */
  spend: SpendWriter;
  /** Flushes queued spend, then closes the database. Safe to call twice. */
  close(): Promise<void>;
}

async function migrateToLatest(
  db: Kysely<Database>,
  logger: ProxyLogger,
  migrationTableSchema: string | undefined,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: inCodeMigrationProvider,
    migrationTableName: 'llmux_migration',
    migrationLockTableName: 'llmux_migration_lock',
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its migration table by listing the tables of every schema; a schema
  // another process drops meanwhile fails that listing with invalid_schema_name (3F000)
  // before anything ran here. Looking again is safe.
  for (let retry = 0; retry < 3 && isInvalidSchemaName(error); retry++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  for (const result of results ?? []) {
    if (result.status === 'Success')
      logger.info({ migration: result.migrationName }, 'database migration applied');
    if (result.status === 'Error')
      logger.error({ migration: result.migrationName }, 'database migration failed');
  }
  if (error) {
    throw new Error(`Migrating the llmux database failed: ${describeError(error)}`, {
      cause: error,
    });
  }
}

function isInvalidSchemaName(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '3F000';
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.message === '')
    return error.errors.map(describeError).join('; ');
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message || (typeof code === 'string' ? code : error.name);
  }
  return String(error);
}

function openSqlite(location: DatabaseLocation): Kysely<Database> {
  const sqlite = new SQLite(location.kind === 'file' ? location.path : ':memory:');
  if (location.kind === 'file') {
    sqlite.pragma('journal_mode = WAL');
    // In WAL mode, NORMAL syncs at checkpoints instead of every commit: a crash of the
    // process loses nothing committed; only an OS crash or power cut can roll back the last
    // commits, the same window in which the spend writer already holds rows in memory.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    // better-sqlite3 raises SQLite's 2 MB page cache to 16 MB, which a gateway fills with
    // spend-log index pages (~15 MB of RSS). The spend inserts append to the right edge of
    // each index and reports read through the OS page cache, so 2 MB costs no measurable
    // insert speed.
    sqlite.pragma('cache_size = -2000');
  }
  sqlite.defaultSafeIntegers(true);
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withCachedStatements(sqlite) }),
  });
}

/** The messages and stacks of an error and its causes. */
function errorText(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  const cause = depth < 5 && error.cause !== undefined ? errorText(error.cause, depth + 1) : '';
  return `${error.message}\n${error.stack ?? ''}\n${cause}`;
}

/** Why a Postgres database did not open; neither its text nor its cause holds the password. */
function postgresOpenError(location: PostgresLocation, error: unknown): Error {
  const reason = maskDatabaseSecrets(describeError(error), location.url);
  const original = errorText(error);
  const leaks = [location.url, ...databaseUrlSecrets(location.url)].some(secret =>
    original.includes(secret),
  );
  return new Error(
    `Opening the Postgres database ${location.redactedUrl} failed: ${reason}`,
    leaks ? undefined : { cause: error },
  );
}

/**
 * Opens the proxy's database through Kysely: Postgres for a `postgres://` URL, else SQLite
 * (a file in WAL mode by default). Runs pending migrations (the same ones on both), then
 * starts the spend writer. Integers read back as bigint on both, so spend in picodollars
 * stays exact. Errors and logs never contain the database password.
 *
 * @throws ConfigError for a URL this build cannot open; Error when connecting or migrating fails.
 * @example
 * const database = await openDatabase({ url: config.general_settings.database_url });
 * // … serve requests …
 * await database.close();
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<LlmuxDatabase> {
  const logger = options.logger ?? silentLogger;
  const target = resolveDatabaseTarget(options.url, options.cwd);
  let db: Kysely<Database>;
  if (target.kind === 'postgres') {
    db = new Kysely<Database>({
      dialect: await createPostgresDialect({
        url: target.url,
        connectionPoolLimit: options.connectionPoolLimit,
        logger,
      }),
    });
    try {
      // The migration tables go in the schema the connection works in (the first of its
      // search_path), else Kysely would find them in any schema of the database.
      const { rows } = await sql<{
        schema: string | null;
      }>`select current_schema() as schema`.execute(db);
      const schema = rows[0]?.schema;
      if (!schema) throw new Error('no schema of its search_path exists');
      await migrateToLatest(db, logger, schema);
    } catch (error) {
      await db.destroy();
      throw postgresOpenError(target, error);
    }
  } else {
    if (target.kind === 'file') await mkdir(dirname(target.path), { recursive: true });
    db = openSqlite(target);
    try {
      await migrateToLatest(db, logger, undefined);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  const reports =
    target.kind === 'file'
      ? new Kysely<Database>({
          dialect: createWorkerSqliteDialect(new WorkerSqliteClient({ path: target.path })),
        })
      : db;
  const spend = createSpendWriter(db, { ...options.spendWriter, logger });
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await spend.close();
    } finally {
      if (reports !== db) await reports.destroy();
      await db.destroy();
    }
  };
  return {
    db,
    reports,
    spend,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
