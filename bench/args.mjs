/** Command-line flags of `pnpm bench` (`node bench/run.mjs`). */
import { parseArgs } from 'node:util';
import { assertLoopback } from './loopback.mjs';
import { SCENARIOS } from './scenarios.mjs';

export const HELP = `Usage: pnpm bench [options]      (node bench/run.mjs [options])

Measures llmux's own overhead against a loopback mock upstream: the same traffic direct to
the mock and through llmux (virtual-key auth, SQLite spend, router on), plus the SDK alone.
With --redis and --postgres, the production shape: router state in Redis, spend in Postgres.

Options:
  --duration <s>        measured seconds per scenario and target (default 10)
  --scenarios <list>    comma-separated, from: ${Object.keys(SCENARIOS).join(', ')} (default: all)
  --reps <n>            runs of each scenario, direct and llmux alternated; the table shows
                        each figure's median (default 1)
  --smoke               a few seconds in all: every scenario briefly, few SDK calls; exits 1 if
                        any request failed or any figure is missing
  --soak                steady load through llmux, half streaming (default 10 minutes at
                        1,000 req/s); prints RSS and liveliness latency every 10 s; exits 1 on
                        any error or when RSS grows more than 10 % after the warm-up
  --soak-minutes <m>    soak length (default 10; fractions allowed)
  --soak-rate <r>       soak requests/s (default 1000)
  --redis               the router's state in Redis: starts a private redis-server (from
                        LLMUX_TEST_REDIS_SERVER, else PATH) on a free loopback port
  --postgres <url>      spend in Postgres at <url> (loopback only), in a schema of its own that
                        is dropped at the end, instead of SQLite
  --no-pin              do not pin processes to cores with taskset
  --cpu-prof <dir>      profile the gateway (node --cpu-prof); the .cpuprofile is written to
                        <dir> when the gateway stops at the end of the run
  -h, --help            print this help
`;

/**
 * @typedef {object} BenchOptions
 * @property {'run' | 'smoke' | 'soak' | 'help'} mode
 * @property {number} durationS
 * @property {number} warmupS
 * @property {string[]} scenarios
 * @property {number} reps
 * @property {number} sdkCalls
 * @property {number} sdkRounds
 * @property {number} soakMinutes
 * @property {number} soakRate
 * @property {boolean} noPin
 * @property {string | undefined} cpuProfDir
 * @property {boolean} redis
 * @property {string | undefined} postgresUrl
 */

/** A bad flag; the runner prints it with the help and exits 2. */
export class UsageError extends Error {}

/**
 * @param {string | undefined} raw
 * @param {string} flag
 * @param {number} fallback
 * @param {number} max
 */
function positive(raw, flag, fallback, max) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(`${flag}: expected a number above 0 and at most ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * @param {string | undefined} raw
 * @param {string} flag
 * @param {number} fallback
 * @param {number} max
 */
function count(raw, flag, fallback, max) {
  const value = positive(raw, flag, fallback, max);
  if (!Number.isInteger(value))
    throw new UsageError(`${flag}: expected a whole number, got "${raw}"`);
  return value;
}

/**
 * @param {string | undefined} raw
 * @returns {string | undefined}
 */
function loopbackPostgres(raw) {
  if (raw === undefined) return undefined;
  try {
    assertLoopback(raw, ['postgres:', 'postgresql:']);
  } catch {
    throw new UsageError(`--postgres: expected a postgres:// URL on this machine, got "${raw}"`);
  }
  return raw;
}

/**
 * Parses argv (without `node` and the script).
 *
 * @param {string[]} argv
 * @returns {BenchOptions}
 */
export function parseBenchArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        duration: { type: 'string' },
        scenarios: { type: 'string' },
        reps: { type: 'string' },
        smoke: { type: 'boolean' },
        soak: { type: 'boolean' },
        'soak-minutes': { type: 'string' },
        'soak-rate': { type: 'string' },
        'no-pin': { type: 'boolean' },
        'cpu-prof': { type: 'string' },
        redis: { type: 'boolean' },
        postgres: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.smoke && values.soak) throw new UsageError('--smoke and --soak exclude each other');
  const scenarios = values.scenarios
    ? values.scenarios
        .split(',')
        .map(name => name.trim())
        .filter(Boolean)
    : Object.keys(SCENARIOS);
  for (const name of scenarios) {
    if (!(name in SCENARIOS)) {
      throw new UsageError(
        `--scenarios: unknown "${name}" (known: ${Object.keys(SCENARIOS).join(', ')})`,
      );
    }
  }
  const smoke = values.smoke ?? false;
  return {
    mode: values.help ? 'help' : smoke ? 'smoke' : values.soak ? 'soak' : 'run',
    durationS: positive(values.duration, '--duration', smoke ? 0.5 : 10, 120),
    warmupS: smoke ? 0 : 2,
    scenarios,
    reps: count(values.reps, '--reps', 1, 20),
    sdkCalls: smoke ? 100 : 2000,
    sdkRounds: smoke ? 1 : 3,
    soakMinutes: positive(values['soak-minutes'], '--soak-minutes', 10, 24 * 60),
    soakRate: positive(values['soak-rate'], '--soak-rate', 1000, 100_000),
    noPin: values['no-pin'] ?? false,
    cpuProfDir: values['cpu-prof'],
    redis: values.redis ?? false,
    postgresUrl: loopbackPostgres(values.postgres),
  };
}
