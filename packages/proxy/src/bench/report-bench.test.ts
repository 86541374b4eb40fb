import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatBenchTable,
  parseBenchArguments,
  type ReportBenchResult,
  runReportBench,
  slowEndpoints,
} from './report-bench.js';

// A smoke test of the bench's output, on a few thousand rows: no timing is asserted.
describe('report bench', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('writes the rows and rollup, answers every endpoint and prints its table', async () => {
    directory = await mkdtemp(join(tmpdir(), 'llmux-bench-test-'));
    const lines: string[] = [];
    const result = await runReportBench({
      rows: 3_000,
      runs: 2,
      file: join(directory, 'bench.sqlite'),
      log: line => lines.push(line),
    });
    expect(result.spendRows).toBe(3_000);
    expect(lines).toEqual(['wrote 3,000 spend rows']);
    // Rows share (day, key, end user, model) combinations, so the rollup is smaller.
    expect(result.rollupRows).toBeGreaterThan(100);
    expect(result.rollupRows).toBeLessThan(3_000);
    const itemsOf = (endpoint: string) =>
      result.timings.find(timing => timing.endpoint.startsWith(endpoint))?.items;
    expect(result.timings).toHaveLength(13);
    expect(itemsOf('/spend/logs')).toBe(1000);
    expect(itemsOf('/spend/logs?request_id=')).toBe(1);
    expect(itemsOf('/global/spend')).toBe(1);
    const itemsWith = (part: string) =>
      result.timings.find(timing => timing.endpoint.includes(part))?.items;
    // Each of the 50 keys spent something; the rows span 30 days back from now (31 dates).
    expect(itemsWith('group_by=api_key')).toBe(50);
    expect(itemsWith('group_by=team')).toBeGreaterThanOrEqual(30);
    expect(itemsWith('group_by=team')).toBeLessThanOrEqual(31);
    for (const timing of result.timings) {
      expect(timing.items).toBeGreaterThan(0);
      expect(timing.maxMs).toBeGreaterThanOrEqual(timing.medianMs);
    }
    const table = formatBenchTable(result).split('\n');
    expect(table[0]).toMatch(
      /^3,000 spend rows, [\d,]+ daily rollup rows \(written in [\d.]+ s\); budget 1000 ms per answer$/,
    );
    expect(table[1]).toMatch(/^endpoint\s+items\s+median ms\s+max ms\s+loop stall ms$/);
    expect(table).toHaveLength(2 + 13);
    expect(table.some(line => line.startsWith('/spend/logs?api_key=<key hash> '))).toBe(true);
    for (const timing of result.timings) expect(timing.loopStallMs).toBeGreaterThan(0);
  });

  it('flags endpoints at or over a second, and reads its arguments', () => {
    const result: ReportBenchResult = {
      spendRows: 1,
      rollupRows: 1,
      writeMs: 1,
      timings: [
        { endpoint: '/fast', items: 1, medianMs: 5, maxMs: 999.9, loopStallMs: 1 },
        { endpoint: '/slow', items: 1, medianMs: 5, maxMs: 1000, loopStallMs: 1 },
      ],
    };
    expect(slowEndpoints(result).map(timing => timing.endpoint)).toEqual(['/slow']);
    expect(parseBenchArguments(['--rows', '5000', '--runs', '3'])).toEqual({
      rows: 5000,
      runs: 3,
      file: undefined,
    });
    expect(parseBenchArguments([])).toEqual({ rows: undefined, runs: undefined, file: undefined });
    expect(() => parseBenchArguments(['--rows', '0'])).toThrow('--rows must be a positive integer');
    expect(() => parseBenchArguments(['--rows', 'many'])).toThrow('--rows');
    expect(() => parseBenchArguments(['--colour'])).toThrow();
  });
});
