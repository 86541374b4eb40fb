import { PostgresDialect } from 'kysely';
import type { CustomTypesConfig } from 'pg';
import type { ProxyLogger } from '../logger.js';
import { maskDatabaseSecrets } from './redact-database-url.js';

/** `general_settings.database_connection_pool_limit` when unset (LiteLLM's default too). */
export const defaultConnectionPoolLimit = 10;

export interface CreatePostgresDialectOptions {
  url: string;
  /** Most connections the pool opens. Default `defaultConnectionPoolLimit`. */
  connectionPoolLimit?: number | undefined;
  logger: ProxyLogger;
}

/**
 * A Kysely dialect on a `pg` pool. `int8` (bigint) columns read as JS `bigint`, as SQLite's
 * INTEGER does with safe integers, so money stays exact past 2^53. The parser is set on this
 * pool's clients only; the process-wide `pg.types` are left alone.
 */
export async function createPostgresDialect(
  options: CreatePostgresDialectOptions,
): Promise<PostgresDialect> {
  // Loaded on demand: SQLite-only deployments never load pg.
  const { default: pg } = await import('pg');
  const int8 = pg.types.builtins.INT8;
  const parseInt8 = (value: string): bigint => BigInt(value);
  const types: CustomTypesConfig = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === int8 && format !== 'binary'
        ? parseInt8
        : pg.types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
  };
  const pool = new pg.Pool({
    connectionString: options.url,
    max: Math.max(1, options.connectionPoolLimit ?? defaultConnectionPoolLimit),
    types,
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on('error', error => {
    options.logger.error(
      { error: maskDatabaseSecrets(error.message, options.url) },
      'an idle Postgres connection failed; the pool opens a new one when needed',
    );
  });
  return new PostgresDialect({ pool });
}
