import { describe, expect, it } from 'vitest';
import { combineRuns } from './reps.mjs';
import type { Measurement } from './scenarios.mjs';

function run(overrides: Partial<Measurement>): Measurement {
  return {
    scenario: 'thru',
    target: 'llmux',
    connections: 32,
    requests: 1000,
    rps: 6000,
    p50Ms: 3,
    p99Ms: 30,
    ttftP50Ms: Number.NaN,
    ttftP99Ms: Number.NaN,
    cpuUsPerRequest: 140,
    rssMb: 130,
    errors: 0,
    ...overrides,
  };
}

describe('combineRuns', () => {
  it('takes the median of each figure, the most RSS, and sums requests and errors', () => {
    const combined = combineRuns([
      run({ rps: 7000, p50Ms: 2.5, p99Ms: 20, cpuUsPerRequest: 130, rssMb: 128, errors: 1 }),
      run({ rps: 4000, p50Ms: 5, p99Ms: 45, cpuUsPerRequest: 220, rssMb: 139 }),
      run({ rps: 6500, p50Ms: 3, p99Ms: 25, cpuUsPerRequest: 150, rssMb: 131, requests: 500 }),
    ]);
    expect(combined).toEqual(
      run({
        rps: 6500,
        p50Ms: 3,
        p99Ms: 25,
        cpuUsPerRequest: 150,
        rssMb: 139,
        requests: 2500,
        errors: 1,
      }),
    );
  });

  it('averages the middle two of an even count and leaves figures a target lacks as NaN', () => {
    const combined = combineRuns([
      run({ target: 'direct', rps: 40_000, cpuUsPerRequest: Number.NaN, rssMb: Number.NaN }),
      run({ target: 'direct', rps: 30_000, cpuUsPerRequest: Number.NaN, rssMb: Number.NaN }),
    ]);
    expect(combined.rps).toBe(35_000);
    expect(combined.cpuUsPerRequest).toBeNaN();
    expect(combined.rssMb).toBeNaN();
    expect(combined.ttftP50Ms).toBeNaN();
  });

  it('returns a single run as it is and refuses none', () => {
    const only = run({});
    expect(combineRuns([only])).toBe(only);
    expect(() => combineRuns([])).toThrow(/no runs/);
  });
});
