/**
 * The production shape of the gateway for `pnpm bench --redis --postgres <url>`: a private
 * `redis-server` for the router's shared state, and a schema of its own in a Postgres database
 * for spend. Both on this machine only, both removed when the run ends.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { spawnLogged, stopChild, waitForLog } from './children.mjs';
import { assertLoopback } from './loopback.mjs';
import { pinnedArgv } from './pinning.mjs';

/**
 * @typedef {object} BenchService
 * @property {string} url what the gateway's config names
 * @property {string} label for the report's config line
 * @property {() => Promise<void>} stop
 */

/** A free loopback port (the OS picks one, the listener closes before Redis binds it). */
async function freePort() {
  const server = createServer();
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  await new Promise(resolve => server.close(() => resolve(undefined)));
  if (!address || typeof address === 'string') throw new Error('bench: no free port');
  return address.port;
}

/**
 * Starts `redis-server` (`LLMUX_TEST_REDIS_SERVER`, else the one on PATH) on a free loopback
 * port with persistence off, on the harness core next to the mock.
 *
 * @param {{ pinning: import('./pinning.mjs').Pinning, logFile: string }} options
 * @returns {Promise<BenchService>}
 */
export async function startRedis({ pinning, logFile }) {
  const binary = process.env.LLMUX_TEST_REDIS_SERVER || 'redis-server';
  const port = await freePort();
  const argv = pinnedArgv(pinning, pinning.harnessCore, [
    binary,
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  const child = spawnLogged(argv, { logFile });
  try {
    await waitForLog(child, logFile, /Ready to accept connections/, 10_000);
  } catch (error) {
    throw new Error(
      `--redis: ${binary} did not start (install redis-server or set LLMUX_TEST_REDIS_SERVER): ${
        error instanceof Error ? error.message : error
      }`,
    );
  }
  const url = `redis://127.0.0.1:${port}`;
  assertLoopback(url, ['redis:']);
  return { url, label: `Redis router state (${binary})`, stop: () => stopChild(child) };
}

/**
 * A fresh schema in the Postgres database at `baseUrl` (loopback only), named as the
 * connection's `search_path` in the URL the gateway gets; dropped by `stop()`.
 *
 * @param {string} repoRoot
 * @param {string} baseUrl e.g. postgres://postgres:postgres@127.0.0.1:5432/llmux_test
 * @returns {Promise<BenchService>}
 */
export async function createPostgresSchema(repoRoot, baseUrl) {
  assertLoopback(baseUrl, ['postgres:', 'postgresql:']);
  // pg is the proxy's dependency, not the workspace root's.
  const requireFromProxy = createRequire(path.join(repoRoot, 'packages/proxy/package.json'));
  /** @type {typeof import('pg')} */
  const pg = requireFromProxy('pg');
  const schema = `llmux_bench_${process.pid}_${randomUUID().replaceAll('-', '')}`;
  /** @param {string} sql */
  const run = async sql => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create schema "${schema}"`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    label: `Postgres spend (schema ${schema} at ${url.host}${url.pathname})`,
    stop: () => run(`drop schema if exists "${schema}" cascade`),
  };
}
