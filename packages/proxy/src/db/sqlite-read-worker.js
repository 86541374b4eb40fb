// @ts-check
// The worker thread behind `WorkerSqliteClient`: one SQLite connection to an existing database
// file that runs the statements it is sent, in order, and answers each with its rows or its
// error. Plain JavaScript because a worker's entry runs without a TypeScript loader (tests
// run the sources). `query_only` makes the connection refuse any change to the data, while
// `begin` / `commit` (a report's snapshot) still work.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const port = parentPort;
if (port === null) throw new Error('sqlite-read-worker.js runs as a worker thread only');

/** @type {{ path: string }} */
const { path } = workerData;
const database = new SQLite(path, { fileMustExist: true });
database.pragma('busy_timeout = 5000');
database.pragma('cache_size = -2000');
database.pragma('query_only = ON');
database.defaultSafeIntegers(true);

/** @param {unknown} error */
function describe(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = /** @type {{ code?: unknown }} */ (error).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
  };
}

port.on(
  'message',
  (/** @type {{ id: number, sql: string, parameters: unknown[] } | { close: true }} */ message) => {
    if ('close' in message) {
      database.close();
      port.close();
      return;
    }
    const query = message;
    try {
      // A report's own run dwarfs preparing its statement, so nothing is cached.
      const statement = database.prepare(query.sql);
      const rows = statement.reader ? statement.all(query.parameters) : [];
      if (!statement.reader) statement.run(query.parameters);
      port.postMessage({ id: query.id, rows });
    } catch (error) {
      port.postMessage({ id: query.id, error: describe(error) });
    }
  },
);

port.postMessage({ ready: true });
