import { Worker } from 'node:worker_threads';

export interface WorkerSqliteClientOptions {
  /** The SQLite file. It must exist: the proxy's own connection creates it. */
  path: string;
  /** A worker idle this long stops (and frees its memory); the next query starts another. Default 30 s. */
  idleMs?: number | undefined;
}

interface PendingQuery {
  worker: Worker;
  resolve: (rows: unknown[]) => void;
  reject: (error: Error) => void;
}

interface WorkerHandle {
  worker: Worker;
  /** Settles once the worker has opened the database, or failed to. */
  ready: Promise<void>;
  started: boolean;
  /** Set when the worker is told to stop: nothing more may be sent to it. */
  stopping: boolean;
}

type WorkerMessage =
  | { ready: true }
  | { id: number; rows: unknown[] }
  | { id: number; error: { name: string; message: string; code?: string } };

const workerUrl = new URL('./sqlite-read-worker.js', import.meta.url);

/**
 * Runs SQL on a SQLite connection of its own in a worker thread, so a long read (a spend
 * report over a million rows) does not hold the event loop that serves requests. The worker
 * starts on the first query and stops after `idleMs` without one. Statements run one at a
 * time, in the order they were sent; the connection refuses to change data.
 */
export class WorkerSqliteClient {
  readonly #path: string;
  readonly #idleMs: number;
  readonly #pending = new Map<number, PendingQuery>();
  #handle: WorkerHandle | undefined;
  #nextId = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: WorkerSqliteClientOptions) {
    this.#path = options.path;
    this.#idleMs = options.idleMs ?? 30_000;
  }

  /** Whether a worker thread is running (or starting) now. */
  get running(): boolean {
    return this.#handle !== undefined;
  }

  /** The rows of a statement that returns data; an empty list for any other. */
  async query(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    for (;;) {
      if (this.#closed) throw new Error('The SQLite read connection is closed');
      clearTimeout(this.#idleTimer);
      if (this.#handle === undefined) this.#handle = this.#start();
      const handle = this.#handle;
      if (!handle.started) await handle.ready;
      // Told to stop while this query waited for it to start: start another (or refuse, if closed).
      if (handle.stopping) continue;
      const id = this.#nextId++;
      // Throws (DataCloneError) before anything waits on an answer; the answer itself can only
      // arrive in a later turn, after the query is registered below.
      handle.worker.postMessage({ id, sql, parameters });
      handle.worker.ref();
      return new Promise<unknown[]>((resolve, reject) => {
        this.#pending.set(id, { worker: handle.worker, resolve, reject });
      });
    }
  }

  /** Answers what was sent, then stops the worker. Later queries are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    await this.#stop();
  }

  #start(): WorkerHandle {
    const worker = new Worker(workerUrl, { workerData: { path: this.#path } });
    const handle: WorkerHandle = {
      worker,
      ready: Promise.resolve(),
      started: false,
      stopping: false,
    };
    handle.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if ('ready' in message) {
          handle.started = true;
          resolve();
        } else this.#settle(worker, message);
      });
      worker.once('error', error => {
        reject(error);
        this.#failPending(worker, error);
      });
      worker.once('exit', code => {
        const error = new Error(`The SQLite read worker stopped (exit code ${code})`);
        reject(error);
        this.#failPending(worker, error);
      });
    });
    return handle;
  }

  #settle(worker: Worker, message: Exclude<WorkerMessage, { ready: true }>): void {
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if ('rows' in message) pending.resolve(message.rows);
    else pending.reject(Object.assign(new Error(message.error.message), message.error));
    if (this.#pending.size === 0) {
      worker.unref();
      this.#idleTimer = setTimeout(() => void this.#stop(), this.#idleMs).unref();
    }
  }

  /** Rejects the queries sent to `worker` once it has failed or stopped. */
  #failPending(worker: Worker, error: Error): void {
    if (this.#handle?.worker === worker) this.#handle = undefined;
    for (const [id, pending] of this.#pending) {
      if (pending.worker !== worker) continue;
      this.#pending.delete(id);
      pending.reject(error);
    }
  }

  async #stop(): Promise<void> {
    const handle = this.#handle;
    if (handle === undefined) return;
    this.#handle = undefined;
    const started = await handle.ready.then(
      () => true,
      () => false,
    );
    if (!started) return;
    const exited = new Promise<void>(resolve => handle.worker.once('exit', () => resolve()));
    // Messages are handled in order: the queries already sent are answered first.
    handle.stopping = true;
    handle.worker.ref();
    handle.worker.postMessage({ close: true });
    await exited;
  }
}
