/**
 * Loaded into the gateway with `node --import` in soak mode only: samples the gateway's own
 * event-loop delay (`perf_hooks.monitorEventLoopDelay`, 5 ms resolution) and writes one line
 * per period to stderr (the gateway log), which the soak reads:
 *
 *   llmux-bench-loop-delay {"p50Ms":…,"p99Ms":…,"maxMs":…}
 *
 * The period is LLMUX_BENCH_LOOP_DELAY_PERIOD_MS (default 10000). The timer is unref'd.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const periodMs = Number(process.env.LLMUX_BENCH_LOOP_DELAY_PERIOD_MS ?? 10_000);
const resolutionMs = 5;
const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
// The histogram records whole timer intervals; the delay is what exceeds the resolution.
const lateMs = nanoseconds => Math.max(0, nanoseconds / 1e6 - resolutionMs);
histogram.enable();
const timer = setInterval(() => {
  const line = {
    p50Ms: lateMs(histogram.percentile(50)),
    p99Ms: lateMs(histogram.percentile(99)),
    maxMs: lateMs(histogram.max),
  };
  histogram.reset();
  process.stderr.write(`llmux-bench-loop-delay ${JSON.stringify(line)}\n`);
}, periodMs);
timer.unref();
