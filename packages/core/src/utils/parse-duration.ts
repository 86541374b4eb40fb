/** Units of LiteLLM's duration strings (`30s`, `5m`, `1h`, `1d`, `1w`, `1mo`); `m` is minutes. */
export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w' | 'mo';

export interface DurationParts {
  amount: number;
  unit: DurationUnit;
}

const unitMs: Record<Exclude<DurationUnit, 'mo'>, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const durationPattern = /^(\d+)(mo|[smhdw])$/;

/**
 * Splits a duration string into amount and unit. Throws on anything else: bare numbers
 * (LiteLLM: "Unsupported duration unit"), decimals, negative values, unknown units.
 */
export function parseDurationParts(text: string): DurationParts {
  const trimmed = text.trim();
  const match = durationPattern.exec(trimmed);
  if (!match) {
    const hint = /^\d+$/.test(trimmed)
      ? ' (a bare number has no unit: write e.g. "30s", "5m", "1h")'
      : '';
    throw new Error(
      `Invalid duration ${JSON.stringify(text)}${hint}: expected an integer followed by s, m (minutes), h, d, w or mo (months), like "30s", "1h", "30d", "1mo"`,
    );
  }
  return { amount: Number(match[1]), unit: match[2] as DurationUnit };
}

/**
 * A duration string in milliseconds: `30s`, `5m`, `1h`, `1d`, `7d`, `30d`, `1w` are fixed;
 * `Nmo` is N calendar months from `startMs` (default now) to the same day of the month,
 * clamped to the month's last day (LiteLLM's rule), so `1mo` from 31 January is 28/29 days.
 *
 * @example
 * parseDuration('30s'); // 30_000
 * parseDuration('1mo', Date.UTC(2025, 0, 31)); // 28 days in ms
 */
export function parseDuration(text: string, startMs: number = Date.now()): number {
  const { amount, unit } = parseDurationParts(text);
  if (unit !== 'mo') return amount * unitMs[unit];
  return addCalendarMonths(startMs, amount) - startMs;
}

/**
 * Start (ms since epoch) of the budget window that contains `nowMs`, for a `budget_duration`.
 * Fixed units: windows of the duration aligned to multiples of it since the Unix epoch (UTC),
 * so `1d` starts at 00:00 UTC and `1h` on the hour. Months: `Nmo` windows start on the 1st of
 * the month 00:00 UTC, every N months counted from January 1970 (`3mo` = calendar quarters).
 *
 * @example
 * budgetWindowStart('1h', Date.UTC(2025, 0, 1, 10, 30)); // Date.UTC(2025, 0, 1, 10)
 */
export function budgetWindowStart(durationText: string, nowMs: number): number {
  const { amount, unit } = positiveDuration(durationText);
  if (unit !== 'mo') {
    const lengthMs = amount * unitMs[unit];
    return Math.floor(nowMs / lengthMs) * lengthMs;
  }
  const now = new Date(nowMs);
  const monthIndex = (now.getUTCFullYear() - 1970) * 12 + now.getUTCMonth();
  const startIndex = Math.floor(monthIndex / amount) * amount;
  return Date.UTC(1970 + Math.floor(startIndex / 12), startIndex % 12, 1);
}

/** End (exclusive) of the budget window that contains `nowMs`: when its spend resets. */
export function budgetWindowEnd(durationText: string, nowMs: number): number {
  const { amount, unit } = positiveDuration(durationText);
  const startMs = budgetWindowStart(durationText, nowMs);
  return unit === 'mo' ? addCalendarMonths(startMs, amount) : startMs + amount * unitMs[unit];
}

function positiveDuration(text: string): DurationParts {
  const parts = parseDurationParts(text);
  if (parts.amount === 0)
    throw new Error(`Invalid budget duration ${JSON.stringify(text)}: must be more than 0`);
  return parts;
}

/** Same UTC day-of-month and time `months` later, the day clamped to the target month's end. */
function addCalendarMonths(startMs: number, months: number): number {
  const start = new Date(startMs);
  const targetIndex = start.getUTCMonth() + months;
  const year = start.getUTCFullYear() + Math.floor(targetIndex / 12);
  const month = targetIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    month,
    Math.min(start.getUTCDate(), lastDay),
    start.getUTCHours(),
    start.getUTCMinutes(),
    start.getUTCSeconds(),
    start.getUTCMilliseconds(),
  );
}
