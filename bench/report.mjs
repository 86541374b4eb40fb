/** Markdown tables for the results: per scenario, the SDK comparison, the targets. */
import { fmt } from './stats.mjs';

/**
 * A markdown table with padded columns.
 *
 * @param {string[]} header
 * @param {string[][]} rows
 */
export function markdownTable(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map(row => row[i].length)));
  const line = (/** @type {string[]} */ row) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/**
 * Per scenario: direct, then llmux with its ratios and differences versus direct.
 *
 * @param {import('./scenarios.mjs').Measurement[]} results
 */
export function scenarioTable(results) {
  const header = [
    'scenario',
    'target',
    'conns',
    'req/s',
    '× direct',
    'p50 ms',
    'p99 ms',
    'added p50 ms',
    'TTFT p50 ms',
    'added TTFT ms',
    'gw CPU µs/req',
    'gw RSS MB',
    'errors',
  ];
  const rows = results.map(r => {
    const direct = results.find(d => d.scenario === r.scenario && d.target === 'direct');
    const vs = direct && r.target !== 'direct' ? direct : undefined;
    return [
      r.scenario,
      r.target,
      String(r.connections),
      fmt(r.rps),
      vs ? fmt(r.rps / vs.rps, 2) : '',
      fmt(r.p50Ms, 3),
      fmt(r.p99Ms, 3),
      vs ? fmt(r.p50Ms - vs.p50Ms, 3) : '',
      fmt(r.ttftP50Ms, 2),
      vs && Number.isFinite(r.ttftP50Ms) ? fmt(r.ttftP50Ms - vs.ttftP50Ms, 2) : '',
      r.target === 'direct' ? '' : fmt(r.cpuUsPerRequest),
      r.target === 'direct' ? '' : fmt(r.rssMb, 1),
      String(r.errors),
    ];
  });
  return markdownTable(header, rows);
}

/**
 * The SDK comparison.
 *
 * @param {import('./sdk-overhead.mjs').SdkResult} sdk
 */
export function sdkTable(sdk) {
  return markdownTable(
    ['SDK call (sequential, against the mock)', 'calls × rounds', 'CPU µs/call'],
    [
      ['raw fetch + JSON.parse', `${sdk.calls} × ${sdk.rounds}`, fmt(sdk.fetchUs, 1)],
      [
        'raw undici request (keep-alive Agent) + JSON.parse',
        `${sdk.calls} × ${sdk.rounds}`,
        fmt(sdk.requestUs, 1),
      ],
      ['completion() from @llmux/core', `${sdk.calls} × ${sdk.rounds}`, fmt(sdk.completionUs, 1)],
      ['completion() − fetch', '', fmt(sdk.overheadUs, 1)],
      ['completion() − undici request (the SDK’s own work)', '', fmt(sdk.overRequestUs, 1)],
    ],
  );
}

/**
 * The targets next to what this run measured (rows for what was measured only).
 *
 * @param {import('./scenarios.mjs').Measurement[]} results
 * @param {import('./sdk-overhead.mjs').SdkResult | undefined} sdk
 */
export function targetsTable(results, sdk) {
  const find = (/** @type {string} */ scenario, /** @type {string} */ target) =>
    results.find(r => r.scenario === scenario && r.target === target);
  /** @type {string[][]} */
  const rows = [];
  /**
   * @param {string} measure
   * @param {string} target
   * @param {number | undefined} value
   * @param {number} digits
   * @param {(value: number) => boolean} met
   */
  const add = (measure, target, value, digits, met) => {
    if (value === undefined) return;
    rows.push([
      measure,
      target,
      fmt(value, digits),
      Number.isFinite(value) && met(value) ? 'yes' : 'NO',
    ]);
  };
  const thru = find('thru', 'llmux');
  add('gateway CPU per request (thru)', '≤ 150 µs', thru?.cpuUsPerRequest, 0, v => v <= 150);
  add('requests/s on one core (thru)', '≥ 6,000', thru?.rps, 0, v => v >= 6000);
  const c1 = find('c1', 'llmux');
  const c1Direct = find('c1', 'direct');
  add(
    'added p50 latency, 1 connection (c1)',
    '≤ 0.15 ms',
    c1 && c1Direct ? c1.p50Ms - c1Direct.p50Ms : undefined,
    3,
    v => v <= 0.15,
  );
  const ttft = find('ttft', 'llmux');
  const ttftDirect = find('ttft', 'direct');
  add(
    'added time to first token (ttft)',
    '≤ 1 ms',
    ttft && ttftDirect ? ttft.ttftP50Ms - ttftDirect.ttftP50Ms : undefined,
    2,
    v => v <= 1,
  );
  // The most the gateway held in any scenario: the last one (ttft) is too light to say much.
  const rssValues = results
    .filter(r => r.target === 'llmux' && Number.isFinite(r.rssMb))
    .map(r => r.rssMb);
  add(
    'RSS under load, most of any scenario (target: the soak)',
    '≤ 120 MB',
    rssValues.length > 0 ? Math.max(...rssValues) : undefined,
    1,
    v => v <= 120,
  );
  add('completion() CPU over raw fetch', '≤ 30 µs', sdk?.overheadUs, 1, v => v <= 30);
  return markdownTable(
    ['measure (llmux, auth + spend + router on)', 'target', 'measured', 'met'],
    rows,
  );
}

/**
 * The soak's time series.
 *
 * @param {import('./soak.mjs').SoakResult} soak
 */
export function soakTable(soak) {
  return markdownTable(
    [
      't s',
      'req/s',
      'errors',
      'gw RSS MB',
      'gw CPU %',
      'loop delay p50 ms',
      'loop delay p99 ms',
      'loop delay max ms',
      'liveliness p50 ms',
    ],
    soak.samples.map(s => [
      String(s.atS),
      fmt(s.rps),
      String(s.errors),
      fmt(s.rssMb, 1),
      fmt(s.cpuPct),
      fmt(s.loopDelay?.p50Ms ?? Number.NaN, 2),
      fmt(s.loopDelay?.p99Ms ?? Number.NaN, 2),
      fmt(s.loopDelay?.maxMs ?? Number.NaN, 2),
      fmt(s.probeP50Ms, 2),
    ]),
  );
}
