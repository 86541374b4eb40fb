import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { WorkerSqliteClient } from './worker-sqlite-client.js';

/**
 * Kysely's SQLite dialect over a `WorkerSqliteClient`: the same SQL as `SqliteDialect`, run
 * on the worker's connection. One connection, so queries take turns as with `SqliteDialect`,
 * and a transaction (`begin` … `commit`) holds it until it ends.
 */
export function createWorkerSqliteDialect(client: WorkerSqliteClient): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new WorkerSqliteDriver(client),
    createIntrospector: db => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

class WorkerSqliteConnection implements DatabaseConnection {
  constructor(private readonly client: WorkerSqliteClient) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const rows = await this.client.query(compiledQuery.sql, compiledQuery.parameters);
    return { rows: rows as R[] };
  }

  // biome-ignore lint/correctness/useYield: streaming is refused before the first row
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on the SQLite read connection');
  }
}

class WorkerSqliteDriver implements Driver {
  readonly #connection: WorkerSqliteConnection;
  #turn: Promise<void> = Promise.resolve();
  #endTurn: (() => void) | undefined;

  constructor(private readonly client: WorkerSqliteClient) {
    this.#connection = new WorkerSqliteConnection(client);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#turn;
    let endTurn: () => void = () => undefined;
    this.#turn = new Promise<void>(resolve => {
      endTurn = resolve;
    });
    await previous;
    this.#endTurn = endTurn;
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    const endTurn = this.#endTurn;
    this.#endTurn = undefined;
    endTurn?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    await this.client.close();
  }
}
