import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseProxyConfig } from '../config/parse-proxy-config.js';
import { createApp } from '../create-app.js';
import { openDatabase } from '../db/open-database.js';
import { insertSpendLogs } from '../db/repositories/spend-log.repository.js';
import type { NewSpendLog } from '../db/tables/spend-log.table.js';
import { addDailySpend } from '../spend/daily-rollup.js';
import { watchLoopStalls } from './loop-stall.js';

/** What `pnpm bench:reports` measures: report answers on generated spend rows in SQLite. */
export interface ReportBenchOptions {
  /** Spend rows generated. Default 1,000,000. */
  rows?: number | undefined;
  /** Requests per report endpoint. Default 5. */
  runs?: number | undefined;
  /** The SQLite file; default a new one in a temporary directory, removed afterwards. */
  file?: string | undefined;
  /** Progress lines (generation); default none. */
  log?: ((line: string) => void) | undefined;
}

/** The answer times of one report request, over every run. */
export interface EndpointTiming {
  endpoint: string;
  /** Items in the answer: list entries, or `results` of a daily activity page. */
  items: number;
  medianMs: number;
  maxMs: number;
  /** The longest the event loop went without a turn during one of its requests. */
  loopStallMs: number;
}

export interface ReportBenchResult {
  spendRows: number;
  rollupRows: number;
  /** Time to generate and write the spend rows and their rollup. */
  writeMs: number;
  timings: EndpointTiming[];
}

/** A report answers "in under a second" (issue 6, acceptance 6). */
export const reportBudgetMs = 1000;

const masterKey = 'sk-bench-master-key';
const days = 30;
const keyCount = 50;
const userCount = 20;
const teamCount = 5;
const endUserCount = 200;
const rowsPerTransaction = 10_000;

/** Six deployments: model, group, provider, call type, USD per input / output token. */
const models = [
  ['gpt-4o', 'gpt-4o', 'openai', 'acompletion', 2.5e-6, 1e-5],
  ['gpt-4o-mini', 'gpt-4o-mini', 'openai', 'acompletion', 1.5e-7, 6e-7],
  ['claude-3-5-sonnet-20241022', 'claude-sonnet', 'anthropic', 'acompletion', 3e-6, 1.5e-5],
  ['claude-3-5-haiku-20241022', 'claude-haiku', 'anthropic', 'acompletion', 8e-7, 4e-6],
  ['llama-3.1-8b-instant', 'llama', 'groq', 'acompletion', 5e-8, 8e-8],
  ['text-embedding-3-small', 'embeddings', 'openai', 'aembedding', 2e-8, 0],
] as const;

/** A small seeded generator (mulberry32), so every run writes the same rows. */
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const userOfKey = (key: number) => `bench-user-${key % userCount}`;
/** Users 0–17 are in a team; 18 and 19 are not ("Unassigned Team"). */
const teamOfUser = (user: number) => (user < userCount - 2 ? `bench-team-${user % teamCount}` : '');

interface BenchKey {
  token: string;
  user: string;
  team: string;
}

/** Teams, users and keys through the admin API, as a deployment would have them. */
async function createKeys(app: ReturnType<typeof createApp>): Promise<BenchKey[]> {
  const post = async (path: string, body: object) => {
    const response = await app.request(`http://bench.local${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`${path}: ${JSON.stringify(answer)}`);
    return answer;
  };
  for (let team = 0; team < teamCount; team++)
    await post('/team/new', { team_id: `bench-team-${team}`, team_alias: `Team ${team}` });
  for (let user = 0; user < userCount; user++) {
    const team = teamOfUser(user);
    await post('/user/new', {
      user_id: `bench-user-${user}`,
      user_email: `user-${user}@bench.local`,
      auto_create_key: false,
      ...(team ? { teams: [team] } : {}),
    });
  }
  const keys: BenchKey[] = [];
  for (let key = 0; key < keyCount; key++) {
    const user = userOfKey(key);
    const team = teamOfUser(key % userCount);
    const answer = await post('/key/generate', {
      key_alias: `bench-key-${key}`,
      user_id: user,
      ...(team ? { team_id: team } : {}),
    });
    keys.push({ token: String(answer.token), user, team });
  }
  return keys;
}

/**
 * Spend rows over the last `days` days, in time order: a key per request (each key belongs
 * to one user, each user to at most one team), an end user of that key for 90% of requests
 * (each end user calls through one key), one of six models, 2% failures.
 */
function* spendRows(count: number, keys: readonly BenchKey[], endTime: number) {
  const random = randomGenerator(6);
  const startTime = endTime - days * 86_400_000;
  const step = (endTime - startTime) / count;
  for (let index = 0; index < count; index++) {
    const start = new Date(Math.floor(startTime + index * step));
    const endUser = random() < 0.9 ? Math.floor(random() * endUserCount) : undefined;
    const key = endUser === undefined ? Math.floor(random() * keyCount) : endUser % keyCount;
    const owner = keys[key] as BenchKey;
    const [model, group, provider, callType, inputPrice, outputPrice] = models[
      Math.floor(random() * models.length)
    ] as (typeof models)[number];
    const failed = random() < 0.02;
    const prompt = failed ? 0 : 50 + Math.floor(random() * 2000);
    const completion = failed || callType === 'aembedding' ? 0 : 10 + Math.floor(random() * 800);
    const cached = Math.floor(prompt * random() * 0.3);
    const spendPico = BigInt(Math.round((prompt * inputPrice + completion * outputPrice) * 1e12));
    const end = new Date(start.getTime() + 200 + Math.floor(random() * 3000));
    const row: NewSpendLog = {
      request_id: `bench-${String(index).padStart(9, '0')}`,
      call_id: `bench-${index}`,
      call_type: callType,
      api_key: owner.token,
      spend_pico: spendPico,
      total_tokens: prompt + completion,
      prompt_tokens: prompt,
      completion_tokens: completion,
      cached_read_tokens: cached,
      cache_write_tokens: 0,
      start_time: start.toISOString(),
      end_time: end.toISOString(),
      completion_start_time: end.toISOString(),
      model,
      model_id: `${provider}-${model}`,
      model_group: group,
      custom_llm_provider: provider,
      api_base: '',
      user: owner.user,
      team_id: owner.team,
      end_user: endUser === undefined ? '' : `customer-${endUser}`,
      metadata: '{}',
      status: failed ? 'failure' : 'success',
      error_type: failed ? 'InternalServerError' : null,
      error_status: failed ? 500 : null,
    };
    yield row;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function itemsOf(answer: unknown): number {
  if (Array.isArray(answer)) return answer.length;
  const results = (answer as { results?: unknown }).results;
  return Array.isArray(results) ? results.length : 1;
}

/**
 * Generates the spend rows into a fresh SQLite database through the spend writer's own
 * repository functions (`insertSpendLogs` + `addDailySpend`, one transaction per 10,000
 * rows), then times every report endpoint through the app. Throws when an endpoint answers
 * anything but 200.
 */
export async function runReportBench(options: ReportBenchOptions = {}): Promise<ReportBenchResult> {
  const rowCount = options.rows ?? 1_000_000;
  const runs = options.runs ?? 5;
  const log = options.log ?? (() => undefined);
  const directory = options.file ? undefined : await mkdtemp(join(tmpdir(), 'llmux-bench-'));
  const file = options.file ?? join(directory as string, 'bench.sqlite');
  const database = await openDatabase({ url: `sqlite:${file}` });
  try {
    const config = parseProxyConfig({ general_settings: { master_key: masterKey } }, {}).config;
    const app = createApp({ config, db: database });
    const keys = await createKeys(app);
    const now = Date.now();
    const writeStart = performance.now();
    let batch: NewSpendLog[] = [];
    let written = 0;
    const writeBatch = async () => {
      const rows = batch;
      batch = [];
      await database.db.transaction().execute(async transaction => {
        await insertSpendLogs(transaction, rows);
        await addDailySpend(transaction, rows);
      });
      written += rows.length;
      if (written % 100_000 === 0 || written === rowCount)
        log(`wrote ${written.toLocaleString('en-US')} spend rows`);
    };
    for (const row of spendRows(rowCount, keys, now)) {
      batch.push(row);
      if (batch.length === rowsPerTransaction) await writeBatch();
    }
    if (batch.length > 0) await writeBatch();
    const writeMs = performance.now() - writeStart;
    const rollupRows = await database.db
      .selectFrom('llmux_daily_spend')
      .select(eb => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();

    const today = new Date(now).toISOString().slice(0, 10);
    const first = new Date(now - days * 86_400_000).toISOString().slice(0, 10);
    const range = `start_date=${first}&end_date=${today}`;
    const sampleKey = keys[0] as BenchKey;
    const endpoints = [
      '/spend/logs',
      `/spend/logs?api_key=${sampleKey.token}`,
      `/spend/logs?user_id=${sampleKey.user}`,
      '/spend/logs?request_id=bench-000000007',
      `/spend/logs?${range}`,
      '/global/spend',
      `/global/spend/report?${range}&group_by=team`,
      `/global/spend/report?${range}&group_by=customer`,
      `/global/spend/report?${range}&group_by=api_key`,
      `/global/spend/report?${range}&internal_user_id=${sampleKey.user}`,
      `/user/daily/activity?${range}&page_size=1000`,
      `/user/daily/activity?${range}&user_id=${sampleKey.user}&page_size=1000`,
      `/team/daily/activity?${range}&page_size=1000`,
    ];
    const timings: EndpointTiming[] = [];
    for (const endpoint of endpoints) {
      const times: number[] = [];
      let loopStallMs = 0;
      let items = 0;
      for (let run = 0; run < runs; run++) {
        // Each request in a turn of its own, as a server receives them.
        await new Promise(resolve => setImmediate(resolve));
        const stalls = watchLoopStalls();
        const started = performance.now();
        const response = await app.request(`http://bench.local${endpoint}`, {
          headers: { authorization: `Bearer ${masterKey}` },
        });
        const answer: unknown = await response.json();
        times.push(performance.now() - started);
        loopStallMs = Math.max(loopStallMs, stalls.stop());
        if (response.status !== 200)
          throw new Error(`${endpoint} answered ${response.status}: ${JSON.stringify(answer)}`);
        items = itemsOf(answer);
      }
      timings.push({
        endpoint,
        items,
        medianMs: median(times),
        maxMs: Math.max(...times),
        loopStallMs,
      });
    }
    return {
      spendRows: rowCount,
      rollupRows: Number(rollupRows.count),
      writeMs,
      timings,
    };
  } finally {
    await database.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  }
}

/** The endpoints at or over the budget; the bench exits 1 when there is any. */
export function slowEndpoints(result: ReportBenchResult): EndpointTiming[] {
  return result.timings.filter(timing => timing.maxMs >= reportBudgetMs);
}

/** The result as a text table: endpoint, answer items, median and max ms, longest loop stall. */
export function formatBenchTable(result: ReportBenchResult): string {
  const number = (value: number) => value.toLocaleString('en-US');
  const header = ['endpoint', 'items', 'median ms', 'max ms', 'loop stall ms'];
  const lines = result.timings.map(timing => [
    timing.endpoint.replace(/[0-9a-f]{64}/, '<key hash>'),
    number(timing.items),
    timing.medianMs.toFixed(1),
    timing.maxMs.toFixed(1),
    timing.loopStallMs.toFixed(1),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map(line => (line[column] as string).length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0
          ? cell.padEnd(widths[column] as number)
          : cell.padStart(widths[column] as number),
      )
      .join('  ');
  return [
    `${number(result.spendRows)} spend rows, ${number(result.rollupRows)} daily rollup rows ` +
      `(written in ${(result.writeMs / 1000).toFixed(1)} s); budget ${reportBudgetMs} ms per answer`,
    format(header),
    ...lines.map(format),
  ].join('\n');
}

/** `--rows N`, `--runs N`, `--file PATH` (the SQLite file to create; it must not exist). */
export function parseBenchArguments(argv: readonly string[]): ReportBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rows: { type: 'string' },
      runs: { type: 'string' },
      file: { type: 'string' },
    },
    strict: true,
  });
  const count = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new Error(`--${name} must be a positive integer`);
    return Number(value);
  };
  return { rows: count('rows', values.rows), runs: count('runs', values.runs), file: values.file };
}
