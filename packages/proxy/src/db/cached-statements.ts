import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; the least recently used is dropped beyond this. */
const defaultCapacity = 256;

/**
 * A better-sqlite3 database for Kysely's `SqliteDialect` that prepares each SQL text once.
 * Kysely prepares every query it runs; for the spend flush's multi-row INSERT that parse
 * costs more than running it. Statements are reused only for `all`/`run`, which finish
 * before returning, so a cached statement is never busy when it is asked for again.
 */
export function withCachedStatements(
  database: SqliteDatabase,
  capacity = defaultCapacity,
): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= capacity) {
          const oldest = statements.keys().next();
          if (!oldest.done) statements.delete(oldest.value);
        }
      } else {
        statements.delete(sql);
      }
      statements.set(sql, statement);
      return statement;
    },
    close(): void {
      statements.clear();
      database.close();
    },
  };
}
