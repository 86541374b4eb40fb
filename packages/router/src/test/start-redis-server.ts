import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';

export interface RedisTestServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts the server again on the same port (empty: nothing is saved) and waits until it answers. */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers, like a hung Redis. */
  pause(): void;
  /** Unfreezes a paused server (SIGCONT). */
  resume(): void;
}

export interface StartRedisServerOptions {
  /** How long to wait for PING to answer. Default 10 s. */
  startTimeoutMs?: number | undefined;
}

/**
 * Starts a throwaway `redis-server` (the binary in `LLMUX_TEST_REDIS_SERVER`) on a free
 * loopback port with persistence off, and waits until it answers PING.
 *
 * @example
 * const redis = await startRedisServer();
 * const state = createRedisRouterState({ redis_url: redis.url });
 * await redis.stop();
 */
export async function startRedisServer(
  options: StartRedisServerOptions = {},
): Promise<RedisTestServer> {
  const binary = process.env.LLMUX_TEST_REDIS_SERVER;
  if (!binary) {
    throw new Error(
      'LLMUX_TEST_REDIS_SERVER is not set: Redis tests need a redis-server binary. ' +
        'Run `pnpm test`, which installs and locates redis-server ' +
        '(or set LLMUX_TEST_REDIS_SERVER=/path/to/redis-server).',
    );
  }
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  const port = await freePort();
  let child: ChildProcess | undefined;
  // A crashed test run must not leave the server behind.
  const killOnExit = () => child?.kill('SIGKILL');

  const start = async () => {
    const spawned = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = spawned;
    process.once('exit', killOnExit);
    let stderr = '';
    spawned.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const failed = new Promise<Error>(resolve => {
      spawned.once('exit', code =>
        resolve(new Error(`redis-server exited with code ${code}: ${stderr.trim()}`)),
      );
      spawned.once('error', error =>
        resolve(new Error(`could not start ${binary} (LLMUX_TEST_REDIS_SERVER): ${error.message}`)),
      );
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const early = await Promise.race([failed, answersPing(port)]);
      if (early instanceof Error) throw early;
      if (early) return;
      await new Promise(resolve => setTimeout(resolve, 25));
    }
    spawned.kill('SIGKILL');
    throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    process.off('exit', killOnExit);
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGCONT');
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      await start();
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = new Socket();
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', chunk => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}
