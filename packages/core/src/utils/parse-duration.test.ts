import { describe, expect, it } from 'vitest';
import {
  budgetWindowEnd,
  budgetWindowStart,
  parseDuration,
  parseDurationParts,
} from './parse-duration.js';

const day = 86_400_000;

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', day],
    ['7d', 7 * day],
    ['30d', 30 * day],
    ['1w', 7 * day],
    ['0s', 0],
    [' 2h ', 7_200_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('counts months as calendar months from the start, clamped to the month end', () => {
    expect(parseDuration('1mo', Date.UTC(2025, 0, 15))).toBe(31 * day);
    expect(parseDuration('1mo', Date.UTC(2025, 0, 31))).toBe(28 * day);
    expect(parseDuration('1mo', Date.UTC(2024, 0, 31))).toBe(29 * day);
    expect(parseDuration('1mo', Date.UTC(2025, 11, 10, 12))).toBe(31 * day);
    expect(parseDuration('13mo', Date.UTC(2025, 0, 1))).toBe(
      Date.UTC(2026, 1, 1) - Date.UTC(2025, 0, 1),
    );
  });

  it.each(['30', '0', '', 'h', '1.5h', '-1h', '5x', '5mx', '1 h', '1H', '5min'])(
    'rejects %j',
    text => {
      expect(() => parseDuration(text)).toThrow(/Invalid duration/);
    },
  );

  it('says that a bare number needs a unit', () => {
    expect(() => parseDuration('3600')).toThrow(/bare number has no unit/);
  });

  it('splits amount and unit', () => {
    expect(parseDurationParts('3mo')).toEqual({ amount: 3, unit: 'mo' });
    expect(parseDurationParts('15m')).toEqual({ amount: 15, unit: 'm' });
  });
});

describe('budgetWindowStart / budgetWindowEnd', () => {
  const now = Date.UTC(2025, 4, 14, 10, 37, 42, 500); // Wednesday 14 May 2025

  it.each([
    ['30s', Date.UTC(2025, 4, 14, 10, 37, 30), Date.UTC(2025, 4, 14, 10, 38)],
    ['5m', Date.UTC(2025, 4, 14, 10, 35), Date.UTC(2025, 4, 14, 10, 40)],
    ['1h', Date.UTC(2025, 4, 14, 10), Date.UTC(2025, 4, 14, 11)],
    ['6h', Date.UTC(2025, 4, 14, 6), Date.UTC(2025, 4, 14, 12)],
    ['1d', Date.UTC(2025, 4, 14), Date.UTC(2025, 4, 15)],
    // Epoch-aligned: 1970-01-01 was a Thursday, so weeks start on Thursdays.
    ['1w', Date.UTC(2025, 4, 8), Date.UTC(2025, 4, 15)],
    ['7d', Date.UTC(2025, 4, 8), Date.UTC(2025, 4, 15)],
    ['1mo', Date.UTC(2025, 4, 1), Date.UTC(2025, 5, 1)],
    ['3mo', Date.UTC(2025, 3, 1), Date.UTC(2025, 6, 1)],
    ['12mo', Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1)],
  ])('%s: window [%d, %d)', (text, start, end) => {
    expect(budgetWindowStart(text, now)).toBe(start);
    expect(budgetWindowEnd(text, now)).toBe(end);
  });

  it('aligns fixed windows to multiples of the duration since the epoch', () => {
    const start = budgetWindowStart('30d', now);
    expect(start % (30 * day)).toBe(0);
    expect(start).toBeLessThanOrEqual(now);
    expect(budgetWindowEnd('30d', now)).toBe(start + 30 * day);
  });

  it('starts a new window exactly at the boundary', () => {
    const boundary = Date.UTC(2025, 4, 14, 11);
    expect(budgetWindowStart('1h', boundary - 1)).toBe(Date.UTC(2025, 4, 14, 10));
    expect(budgetWindowStart('1h', boundary)).toBe(boundary);
    expect(budgetWindowStart('1mo', Date.UTC(2025, 5, 1) - 1)).toBe(Date.UTC(2025, 4, 1));
    expect(budgetWindowStart('1mo', Date.UTC(2025, 5, 1))).toBe(Date.UTC(2025, 5, 1));
  });

  it('rejects zero and bare numbers', () => {
    expect(() => budgetWindowStart('0d', now)).toThrow(/more than 0/);
    expect(() => budgetWindowStart('3600', now)).toThrow(/bare number/);
  });
});
