import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { type ProxyLogger, silentLogger } from '../logger.js';
import {
  createSpendWriter,
  type SpendWriter,
  type SpendWriterOptions,
} from '../spend/spend-writer.js';
import type { Database } from './database.js';
import { inCodeMigrationProvider } from './migration-provider.js';
import { resolveDatabaseLocation } from './resolve-database-location.js';

export interface OpenDatabaseOptions {
  /** `general_settings.database_url`; see `resolveDatabaseLocation`. */
  url?: string | undefined;
  logger?: ProxyLogger | undefined;
  /** Base of relative paths. Default: `process.cwd()`. */
  cwd?: string | undefined;
  spendWriter?: Omit<SpendWriterOptions, 'logger'> | undefined;
}

export interface LlmuxDatabase {
  db: Kysely<Database>;
  /** Batches spend rows off the request path. */
  spend: SpendWriter;
  /** Flushes queued spend, then closes the database. Safe to call twice. */
  close(): Promise<void>;
}

async function migrateToLatest(db: Kysely<Database>, logger: ProxyLogger): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: inCodeMigrationProvider,
    migrationTableName: 'llmux_migration',
    migrationLockTableName: 'llmux_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success')
      logger.info({ migration: result.migrationName }, 'database migration applied');
    if (result.status === 'Error')
      logger.error({ migration: result.migrationName }, 'database migration failed');
  }
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migrating the llmux database failed: ${reason}`, { cause: error });
  }
}

/**
 * Opens the proxy's database (SQLite through Kysely), runs pending migrations and starts
 * the spend writer. Integers read back as bigint, so spend in picodollars stays exact.
 *
 * @throws ConfigError for a URL this build cannot open (Postgres, other schemes).
 * @example
 * const database = await openDatabase({ url: config.general_settings.database_url });
 * // … serve requests …
 * await database.close();
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<LlmuxDatabase> {
  const logger = options.logger ?? silentLogger;
  const location = resolveDatabaseLocation(options.url, options.cwd);
  if (location.kind === 'file') await mkdir(dirname(location.path), { recursive: true });
  const sqlite = new SQLite(location.kind === 'file' ? location.path : ':memory:');
  if (location.kind === 'file') {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
  }
  sqlite.defaultSafeIntegers(true);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db, logger);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const spend = createSpendWriter(db, { ...options.spendWriter, logger });
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await spend.close();
    } finally {
      await db.destroy();
    }
  };
  return {
    db,
    spend,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
