#!/usr/bin/env node
/**
 * The two jobs of bench/overhead-target.sh that need node:
 *
 *   node bench/overhead-target-helper.mjs config <dir>
 *     writes <dir>/llmux.yaml: `pnpm bench`'s config, on MOCK_BASE, spend in <dir>/spend.sqlite;
 *   node bench/overhead-target-helper.mjs key <dir> <gateway pid>
 *     waits for llmux on PORT, creates the virtual key `sk-bench-virtual-key` (stops llmux if it
 *     cannot), then waits for llmux to exit and removes <dir>.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gatewayConfig, MASTER_KEY } from './gateway.mjs';
import { postJson, request } from './http-client.mjs';

const VIRTUAL_KEY = 'sk-bench-virtual-key';
const [job, workDir, gatewayPid] = process.argv.slice(2);

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function createKey(origin, pid) {
  for (let attempt = 0; attempt < 150 && isRunning(pid); attempt++) {
    const reply = await request(`${origin}/health/liveliness`).catch(() => undefined);
    if (reply?.status === 200) break;
    await sleep(200);
  }
  const created = await postJson(
    `${origin}/key/generate`,
    { authorization: `Bearer ${MASTER_KEY}` },
    JSON.stringify({ key: VIRTUAL_KEY, key_alias: 'overhead' }),
  ).catch(error => ({ status: 0, body: String(error) }));
  if (created.status !== 200) {
    console.error(`overhead-target: /key/generate answered ${created.status}: ${created.body}`);
    if (isRunning(pid)) process.kill(pid, 'SIGTERM');
  }
}

if (job === 'config' && workDir) {
  const mockBase = process.env.MOCK_BASE;
  if (!mockBase) throw new Error('overhead-target: MOCK_BASE must be set');
  writeFileSync(
    path.join(workDir, 'llmux.yaml'),
    gatewayConfig(mockBase, `sqlite:${path.join(workDir, 'spend.sqlite')}`),
  );
} else if (job === 'key' && workDir && gatewayPid) {
  const pid = Number(gatewayPid);
  await createKey(`http://127.0.0.1:${process.env.PORT}`, pid);
  while (isRunning(pid)) await sleep(1000);
  rmSync(workDir, { recursive: true, force: true });
} else {
  console.error('usage: overhead-target-helper.mjs config <dir> | key <dir> <gateway pid>');
  process.exit(2);
}
