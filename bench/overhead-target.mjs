#!/usr/bin/env node
/**
 * Starts llmux for the side-by-side run in ../shared/bench/overhead.mjs (its LLMUX_CMD), with
 * the same config as `pnpm bench`: two deployments of gpt-4o-mini behind the router, SQLite
 * spend in a temporary directory, a master key, and the virtual key `sk-bench-virtual-key`
 * (created with `POST /key/generate` once llmux answers) that the load must present:
 *
 *   LLMUX_CMD='node bench/overhead-target.mjs' LLMUX_MODEL=gpt-4o-mini \
 *   LLMUX_HEADERS='Authorization: Bearer sk-bench-virtual-key' \
 *   node ../shared/bench/overhead.mjs direct portkey llmux
 *
 * Reads PORT and MOCK_BASE from the environment (overhead.mjs sets them), and
 * LLMUX_BENCH_GATEWAY_NODE_ARGS for node flags NODE_OPTIONS refuses (`--cpu-prof`); runs in the
 * foreground until SIGTERM/SIGINT, then stops llmux and removes its directory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { gatewayConfig, MASTER_KEY } from './gateway.mjs';
import { postJson, request } from './http-client.mjs';

const VIRTUAL_KEY = 'sk-bench-virtual-key';
const port = process.env.PORT;
const mockBase = process.env.MOCK_BASE;
if (!port || !mockBase) {
  console.error('overhead-target: PORT and MOCK_BASE must be set (overhead.mjs sets them)');
  process.exit(2);
}
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workDir = mkdtempSync(path.join(os.tmpdir(), 'llmux-overhead-'));
const configFile = path.join(workDir, 'llmux.yaml');
writeFileSync(configFile, gatewayConfig(mockBase, path.join(workDir, 'spend.sqlite')));

const child = spawn(
  process.execPath,
  [
    ...(process.env.LLMUX_BENCH_GATEWAY_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    path.join(repoRoot, 'packages/cli/dist/bin.js'),
    '--config',
    configFile,
    '--port',
    port,
    '--host',
    '127.0.0.1',
  ],
  { stdio: 'inherit' },
);
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', code => {
  rmSync(workDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});

const origin = `http://127.0.0.1:${port}`;
for (let attempt = 0; attempt < 150; attempt++) {
  const reply = await request(`${origin}/health/liveliness`).catch(() => undefined);
  if (reply?.status === 200) break;
  await sleep(200);
}
const created = await postJson(
  `${origin}/key/generate`,
  { authorization: `Bearer ${MASTER_KEY}` },
  JSON.stringify({ key: VIRTUAL_KEY, key_alias: 'overhead' }),
);
if (created.status !== 200) {
  console.error(`overhead-target: /key/generate answered ${created.status}: ${created.body}`);
  stop();
}
