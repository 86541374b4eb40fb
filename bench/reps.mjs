/** Several runs of one scenario against one target, reduced to the row the report prints. */
import { median } from './stats.mjs';

/**
 * The median of each figure over `runs` (one noisy run can move a figure by tens of percent
 * on a shared host), the highest RSS seen, requests and errors summed.
 *
 * @param {import('./scenarios.mjs').Measurement[]} runs runs of the same scenario and target
 * @returns {import('./scenarios.mjs').Measurement}
 */
export function combineRuns(runs) {
  const [first] = runs;
  if (first === undefined) throw new Error('combineRuns: no runs');
  if (runs.length === 1) return first;
  /** @param {(run: import('./scenarios.mjs').Measurement) => number} figure */
  const middle = figure => median(runs.map(figure).filter(Number.isFinite));
  const rss = runs.map(run => run.rssMb).filter(Number.isFinite);
  return {
    scenario: first.scenario,
    target: first.target,
    connections: first.connections,
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    rps: middle(run => run.rps),
    p50Ms: middle(run => run.p50Ms),
    p99Ms: middle(run => run.p99Ms),
    ttftP50Ms: middle(run => run.ttftP50Ms),
    ttftP99Ms: middle(run => run.ttftP99Ms),
    cpuUsPerRequest: middle(run => run.cpuUsPerRequest),
    rssMb: rss.length > 0 ? Math.max(...rss) : Number.NaN,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}
