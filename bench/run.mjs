#!/usr/bin/env node
/**
 * `pnpm bench`: llmux's own overhead benchmark. Starts a loopback mock upstream and llmux
 * (from the built CLI, with virtual-key auth, SQLite spend and the router on), runs each
 * scenario direct to the mock and through llmux, measures the SDK alone, and prints markdown
 * tables. `--smoke` is the few-second variant the test command runs; `--soak` the long one.
 * See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { HELP, parseBenchArgs, UsageError } from './args.mjs';
import { logTail, stopChild } from './children.mjs';
import { staleDists } from './dist-check.mjs';
import { createVirtualKey, readKeySpend, startGateway } from './gateway.mjs';
import { checkChat } from './http-client.mjs';
import { configureMock, startMock } from './mock-control.mjs';
import { detectPinning, pinSelf } from './pinning.mjs';
import { scenarioTable, sdkTable, soakTable, targetsTable } from './report.mjs';
import { combineRuns } from './reps.mjs';
import { measure, SCENARIOS } from './scenarios.mjs';
import { measureSdkOverhead } from './sdk-overhead.mjs';
import { createPostgresSchema, startRedis } from './services.mjs';
import { runSoak, soakIntervalS } from './soak.mjs';
import { fmt } from './stats.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** How this run was started, for the report. */
function commandLine() {
  const args = process.argv.slice(2).join(' ');
  // Set by pnpm when started as `pnpm bench`.
  const { npm_lifecycle_event: lifecycle } = process.env;
  const base = lifecycle === 'bench' ? 'pnpm bench' : 'node bench/run.mjs';
  return args ? `${base} ${args}` : base;
}

/**
 * Figures a complete run must have: a missing one means the bench rotted.
 *
 * @param {import('./scenarios.mjs').Measurement[]} results
 * @param {import('./sdk-overhead.mjs').SdkResult} sdk
 * @param {number} spend
 */
function missingFigures(results, sdk, spend) {
  const missing = [];
  for (const r of results) {
    const scenario = SCENARIOS[r.scenario];
    const fields = ['rps', 'p50Ms', 'p99Ms'];
    if (scenario.ttft) fields.push('ttftP50Ms');
    if (r.target === 'llmux') fields.push('cpuUsPerRequest', 'rssMb');
    for (const field of fields) {
      if (!Number.isFinite(r[field]) || r[field] < 0)
        missing.push(`${r.scenario}/${r.target} ${field}`);
    }
    if (r.requests === 0) missing.push(`${r.scenario}/${r.target} requests`);
  }
  for (const field of ['fetchUs', 'requestUs', 'completionUs']) {
    if (!Number.isFinite(sdk[field])) missing.push(`sdk ${field}`);
  }
  if (!(spend > 0)) missing.push('key spend (spend tracking recorded nothing)');
  return missing;
}

/**
 * Polls the key's spend until the batched spend writer has flushed (a few seconds at most).
 *
 * @param {import('./gateway.mjs').Gateway} gateway
 * @param {string} key
 */
async function settledSpend(gateway, key) {
  let spend = Number.NaN;
  for (let attempt = 0; attempt < 20; attempt++) {
    spend = await readKeySpend(gateway, key);
    if (spend > 0) return spend;
    await sleep(250);
  }
  return spend;
}

/**
 * @param {{ rssMb: number, afterS: number, fell: boolean }} idle
 */
function idleReport(idle) {
  return idle.fell
    ? `idle after the load: ${fmt(idle.rssMb, 1)} MB (${fmt(idle.afterS)} s after the last request)`
    : `idle after the load: still ${fmt(idle.rssMb, 1)} MB when the watch ended (V8 had not given memory back)`;
}

async function main() {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options.mode === 'help') {
    console.log(HELP);
    return 0;
  }
  const pinning = detectPinning(options.noPin);
  const cpus = os.cpus();
  console.log(`# llmux bench (${options.mode})`);
  console.log(`date: ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${os.platform()} ${os.release()}`,
  );
  console.log(`node: ${process.version}`);
  console.log(`command: ${commandLine()}`);
  console.log(`pinning: ${pinning.note}`);
  const stale = staleDists(REPO_ROOT);
  if (stale.length > 0) {
    console.log(`WARNING: built code may be stale, run \`pnpm build\`: ${stale.join(', ')}`);
  }
  pinSelf(pinning);

  const workDir = mkdtempSync(path.join(os.tmpdir(), 'llmux-bench-'));
  const mock = await startMock({ pinning, logFile: path.join(workDir, 'mock.log') });
  const redis = options.redis
    ? await startRedis({ pinning, logFile: path.join(workDir, 'redis.log') })
    : undefined;
  const postgres = options.postgresUrl
    ? await createPostgresSchema(REPO_ROOT, options.postgresUrl)
    : undefined;
  let gateway;
  try {
    gateway = await startGateway({
      repoRoot: REPO_ROOT,
      workDir,
      apiBase: mock.apiBase,
      pinning,
      cpuProfDir: options.cpuProfDir,
      loopDelayPeriodMs:
        options.mode === 'soak' ? soakIntervalS(options.soakMinutes) * 1000 : undefined,
      databaseUrl: postgres?.url,
      redisUrl: redis?.url,
    });
  } catch (error) {
    await postgres?.stop();
    throw new Error(`llmux did not start: ${error instanceof Error ? error.message : error}`);
  }
  const key = await createVirtualKey(gateway);
  console.log(
    `mock: ${mock.origin}  llmux: ${gateway.origin} (pid ${gateway.pid})  work dir: ${workDir}`,
  );
  console.log(
    `llmux config: 2 deployments of gpt-4o-mini (router), master key, virtual key, ${
      postgres?.label ?? 'SQLite spend'
    }${redis ? `, ${redis.label}` : ''}`,
  );

  /** @type {import('./scenarios.mjs').Target[]} */
  const targets = [
    {
      name: 'direct',
      url: `${mock.apiBase}/chat/completions`,
      headers: { authorization: 'Bearer sk-mock-upstream' },
    },
    {
      name: 'llmux',
      url: `${gateway.origin}/v1/chat/completions`,
      headers: { authorization: `Bearer ${key}` },
      pid: gateway.pid,
    },
  ];

  let failures = [];
  let requestsFailed = false;
  if (options.mode === 'soak') {
    console.log(
      `\nsoak: ${options.soakMinutes} min at ${options.soakRate} req/s through llmux, half streaming`,
    );
    const soak = await runSoak({
      gateway,
      key,
      mockOrigin: mock.origin,
      minutes: options.soakMinutes,
      rate: options.soakRate,
    });
    console.log(`\n${soakTable(soak)}\n`);
    console.log(
      `requests: ${soak.requests} (${fmt(soak.achievedRps)} req/s), errors: ${soak.errors}, gateway CPU ${fmt(soak.cpuUsPerRequest)} µs/req, ` +
        `RSS after warm-up (${fmt(soak.warmupS)} s) ${fmt(soak.baselineRssMb, 1)} MB → end ${fmt(soak.finalRssMb, 1)} MB ` +
        `(${fmt(soak.rssGrowth * 100, 1)} %); ${idleReport(soak.idle)}`,
    );
    if (soak.achievedRps < options.soakRate * 0.95) {
      console.log(
        `WARNING: llmux sustained ${fmt(soak.achievedRps)} req/s, below the requested ${options.soakRate} ` +
          '(gateway saturated or its core shared): the soak did not run at its rate',
      );
    }
    failures = soak.failures;
    requestsFailed = soak.errors > 0;
  } else {
    /** @type {import('./scenarios.mjs').Measurement[]} */
    const results = [];
    for (const name of options.scenarios) {
      const scenario = SCENARIOS[name];
      console.log(`\n[${name}] ${scenario.what}`);
      await configureMock(mock.origin, scenario.mock);
      /** @type {import('./scenarios.mjs').Measurement[][]} */
      const runs = targets.map(() => []);
      for (let rep = 1; rep <= options.reps; rep++) {
        for (const [index, target] of targets.entries()) {
          await checkChat(target, { stream: scenario.stream, chunks: scenario.mock.chunks });
          const r = await measure(scenario, target, options);
          runs[index]?.push(r);
          const ttft = Number.isFinite(r.ttftP50Ms) ? ` ttft p50=${fmt(r.ttftP50Ms, 2)}ms` : '';
          const cpu = target.pid
            ? ` cpu=${fmt(r.cpuUsPerRequest)}µs/req rss=${fmt(r.rssMb, 1)}MB`
            : '';
          const label = options.reps > 1 ? `${rep}/${options.reps} ` : '';
          console.log(
            `  ${label}${target.name.padEnd(6)} req/s=${fmt(r.rps).padStart(6)} p50=${fmt(r.p50Ms, 3)}ms ` +
              `p99=${fmt(r.p99Ms, 3)}ms${ttft}${cpu} errors=${r.errors}`,
          );
        }
      }
      for (const targetRuns of runs) results.push(combineRuns(targetRuns));
    }

    console.log('\n[sdk] completion() vs raw fetch, sequential calls to the instant mock');
    await configureMock(mock.origin, { delay_ms: 0, chunks: 20, chunk_delay_ms: 0 });
    const sdk = await measureSdkOverhead({
      repoRoot: REPO_ROOT,
      apiBase: mock.apiBase,
      calls: options.sdkCalls,
      rounds: options.sdkRounds,
    });
    const spend = await settledSpend(gateway, key);

    console.log(`\n## llmux overhead, ${new Date().toISOString().slice(0, 10)}`);
    console.log(
      `${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores), node ${process.version}, \`${commandLine()}\``,
    );
    const reps =
      options.reps > 1
        ? `; each figure the median of ${options.reps} runs, direct and llmux alternated`
        : '';
    console.log(`${pinning.note}; ${options.durationS} s per scenario and target${reps}\n`);
    console.log(`${scenarioTable(results)}\n`);
    console.log(`${sdkTable(sdk)}\n`);
    console.log(`${targetsTable(results, sdk)}\n`);
    console.log(`virtual key spend recorded by llmux: $${fmt(spend, 6)}`);

    const errors = results.reduce((sum, r) => sum + r.errors, 0) + sdk.errors;
    if (errors > 0) failures.push(`${errors} failed requests`);
    requestsFailed = errors > 0;
    const missing = missingFigures(results, sdk, spend);
    if (missing.length > 0) failures.push(`missing figures: ${missing.join(', ')}`);
  }

  await stopChild(gateway.child);
  await stopChild(mock.child);
  await redis?.stop();
  await postgres?.stop();
  if (options.cpuProfDir) {
    console.log(
      `gateway CPU profile: ${path.resolve(options.cpuProfDir)}/CPU.*.${gateway.pid}.*.cpuprofile`,
    );
  }
  if (failures.length > 0) {
    console.log(`\nFAIL: ${failures.join('; ')}`);
    console.log(`gateway log: ${gateway.logFile}`);
    if (requestsFailed) console.log(logTail(gateway.logFile));
    return 1;
  }
  rmSync(workDir, { recursive: true, force: true });
  console.log(options.mode === 'soak' ? '\nPASS' : '\nOK');
  return 0;
}

main().then(
  code => process.exit(code),
  error => {
    if (error instanceof UsageError) {
      console.error(`bench: ${error.message}\n\n${HELP}`);
      process.exit(2);
    }
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    process.exit(1);
  },
);
