/**
 * Soak mode: a steady request rate (default 1,000 req/s) for minutes, half streaming and
 * half not, through the gateway. Every sampling interval (10 s) it records the gateway's RSS
 * (from /proc), its CPU, the requests and errors of the interval, the gateway's own event-loop
 * delay over the interval (p50/p99/max, logged by loop-delay-preload.mjs, which the runner loads
 * into the gateway in soak mode) and the latency of a `GET /health/liveliness` probe sent every
 * second from the harness. Fails on any error, or when RSS at the end is more than 10 % above
 * RSS after the warm-up. After the load it watches the idle gateway for up to 60 s and reports
 * the RSS it settles at: V8 gives its young generation and free heap pages back some seconds
 * after allocation stops, so this is what the gateway keeps, against what it holds under load.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { readLoopDelay } from './gateway.mjs';
import { chatBody, isCompleteReply, request } from './http-client.mjs';
import { runLoad } from './load.mjs';
import { configureMock } from './mock-control.mjs';
import { readProcessStats } from './proc-stats.mjs';
import { fmt, Samples } from './stats.mjs';

/** Mock behaviour under soak: 50 ms to reply, 20 SSE chunks. */
const SOAK_MOCK = { delay_ms: 50, chunks: 20, chunk_delay_ms: 0 };
/** 128 connections × ~50–70 ms ≈ 2,000 req/s of capacity, so the rate is the cap, not the connections. */
const SOAK_CONNECTIONS = 128;
const MAX_RSS_GROWTH = 0.1;
/**
 * How long the idle gateway is watched after the load: V8's memory reducer acted after ~25 s
 * with SQLite and the router in memory, ~40 s with Postgres and Redis.
 */
const IDLE_WATCH_S = 60;
/** Stop watching once RSS has not moved by more than this for IDLE_STEADY_S seconds after a fall. */
const IDLE_STEADY_MB = 0.5;
const IDLE_STEADY_S = 5;
/** RSS has fallen once it is below this share of RSS under load (V8 gives back ~⅓). */
const IDLE_FALLEN = 0.9;

/**
 * @typedef {object} SoakSample
 * @property {number} atS seconds since the start
 * @property {number} rps requests/s over the interval
 * @property {number} errors in the interval
 * @property {number} rssMb
 * @property {number} cpuPct gateway CPU over the interval, % of one core
 * @property {{ p50Ms: number, p99Ms: number, maxMs: number } | undefined} loopDelay the gateway's event-loop delay over the interval
 * @property {number} probeP50Ms liveliness probe latency
 * @property {number} probeMaxMs
 */

/**
 * @typedef {object} SoakResult
 * @property {SoakSample[]} samples
 * @property {number} requests
 * @property {number} achievedRps requests/s over the whole soak
 * @property {number} errors
 * @property {number} warmupS
 * @property {number} baselineRssMb RSS at the first sample after the warm-up
 * @property {number} finalRssMb
 * @property {number} rssGrowth fraction
 * @property {number} cpuUsPerRequest over the whole soak
 * @property {{ rssMb: number, afterS: number, fell: boolean }} idle RSS the idle gateway settled
 *   at, and when; `fell` is false when it had not given memory back by the end of the watch
 * @property {string[]} failures empty when the soak passed
 */

/**
 * Seconds between soak samples: 10, or a sixth of a shorter soak.
 *
 * @param {number} minutes
 */
export function soakIntervalS(minutes) {
  return Math.min(10, (minutes * 60) / 6);
}

/**
 * Runs the soak and prints each sample as it is taken.
 *
 * @param {{ gateway: import('./gateway.mjs').Gateway, key: string, mockOrigin: string, minutes: number, rate: number }} options
 * @returns {Promise<SoakResult>}
 */
export async function runSoak({ gateway, key, mockOrigin, minutes, rate }) {
  await configureMock(mockOrigin, SOAK_MOCK);
  const totalS = minutes * 60;
  const intervalS = soakIntervalS(minutes);
  const warmupS = Math.min(60, totalS / 3);
  const url = `${gateway.origin}/v1/chat/completions`;
  const headers = { authorization: `Bearer ${key}` };

  let windowRequests = 0;
  let windowErrors = 0;
  let probeErrors = 0;
  let windowProbe = new Samples(64);
  /** @type {SoakSample[]} */
  const samples = [];
  let running = true;

  const probing = (async () => {
    while (running) {
      const start = process.hrtime.bigint();
      const reply = await request(`${gateway.origin}/health/liveliness`).catch(() => undefined);
      if (reply?.status === 200) windowProbe.add(Number(process.hrtime.bigint() - start) / 1e6);
      else probeErrors++;
      await sleep(1000);
    }
  })();

  const startedAt = Date.now();
  const first = readProcessStats(gateway.pid);
  let previous = first;
  const sampling = setInterval(() => {
    const now = readProcessStats(gateway.pid);
    const sample = {
      atS: Math.round((Date.now() - startedAt) / 1000),
      rps: windowRequests / intervalS,
      errors: windowErrors,
      rssMb: now.rssMb,
      cpuPct: ((now.cpuMs - previous.cpuMs) / (intervalS * 1000)) * 100,
      loopDelay: readLoopDelay(gateway),
      probeP50Ms: windowProbe.percentile(50),
      probeMaxMs: windowProbe.percentile(100),
    };
    samples.push(sample);
    console.log(
      `  t=${String(sample.atS).padStart(4)}s rps=${fmt(sample.rps).padStart(5)} errors=${sample.errors} ` +
        `rss=${fmt(sample.rssMb, 1)}MB cpu=${fmt(sample.cpuPct)}% ` +
        `loop delay p50=${fmt(sample.loopDelay?.p50Ms ?? Number.NaN, 2)}ms p99=${fmt(sample.loopDelay?.p99Ms ?? Number.NaN, 2)}ms ` +
        `max=${fmt(sample.loopDelay?.maxMs ?? Number.NaN, 2)}ms liveliness p50=${fmt(sample.probeP50Ms, 2)}ms`,
    );
    previous = now;
    windowRequests = 0;
    windowErrors = 0;
    windowProbe = new Samples(64);
  }, intervalS * 1000);

  const load = await runLoad({
    url,
    headers,
    bodies: [chatBody(), chatBody({ stream: true })],
    connections: SOAK_CONNECTIONS,
    durationS: totalS,
    overallRate: rate,
    verify: body => isCompleteReply(body, SOAK_MOCK.chunks),
    onResponse: status => {
      windowRequests++;
      if (status !== 200) windowErrors++;
    },
    onError: () => {
      windowErrors++;
    },
  });
  clearInterval(sampling);
  running = false;
  await probing;
  const last = readProcessStats(gateway.pid);
  const idle = await watchIdleRss(gateway.pid, last.rssMb);

  const baseline = samples.find(sample => sample.atS >= warmupS)?.rssMb ?? Number.NaN;
  const finalRssMb = last.rssMb;
  const rssGrowth = (finalRssMb - baseline) / baseline;
  const errors = load.errors + probeErrors;
  const failures = [];
  if (errors > 0)
    failures.push(`${errors} failed requests (load ${load.errors}, probe ${probeErrors})`);
  if (!Number.isFinite(rssGrowth)) failures.push('RSS could not be read');
  else if (rssGrowth > MAX_RSS_GROWTH) {
    failures.push(
      `RSS grew ${fmt(rssGrowth * 100, 1)} % after warm-up (${fmt(baseline, 1)} → ${fmt(finalRssMb, 1)} MB)`,
    );
  }
  return {
    samples,
    requests: load.requests,
    achievedRps: load.rps,
    errors,
    warmupS,
    baselineRssMb: baseline,
    finalRssMb,
    rssGrowth,
    cpuUsPerRequest: ((last.cpuMs - first.cpuMs) * 1000) / load.requests,
    idle,
    failures,
  };
}

/**
 * Samples RSS every second while the gateway idles, until it has fallen (below IDLE_FALLEN of
 * RSS under load) and held still for IDLE_STEADY_S seconds, or IDLE_WATCH_S have passed.
 *
 * @param {number} pid
 * @param {number} loadedRssMb RSS at the end of the load
 * @returns {Promise<{ rssMb: number, afterS: number, fell: boolean }>}
 */
async function watchIdleRss(pid, loadedRssMb) {
  let settled = { rssMb: loadedRssMb, afterS: 0 };
  let steadyS = 0;
  const fallen = () => settled.rssMb < loadedRssMb * IDLE_FALLEN;
  for (let atS = 1; atS <= IDLE_WATCH_S; atS++) {
    await sleep(1000);
    const { rssMb } = readProcessStats(pid);
    if (Math.abs(rssMb - settled.rssMb) > IDLE_STEADY_MB) {
      settled = { rssMb, afterS: atS };
      steadyS = 0;
    } else if (fallen() && ++steadyS >= IDLE_STEADY_S) {
      break;
    }
  }
  return { ...settled, fell: fallen() };
}
