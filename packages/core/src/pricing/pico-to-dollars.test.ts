import { describe, expect, it } from 'vitest';
import { picoToDecimalText, picoToDollars } from './pico-to-dollars.js';

describe('picoToDollars', () => {
  it('gives the exact decimal text', () => {
    expect(picoToDecimalText(0n)).toBe('0');
    expect(picoToDecimalText(1n)).toBe('0.000000000001');
    expect(picoToDecimalText(123_456_789_012n)).toBe('0.123456789012');
    expect(picoToDecimalText(4_720_000_000n)).toBe('0.00472');
    expect(picoToDecimalText(2_500_000_000_000_000n)).toBe('2500');
    expect(picoToDecimalText(-1_500_000_000_000n)).toBe('-1.5');
  });

  it('parses that text once into the nearest double', () => {
    expect(picoToDollars(123_456_789n)).toBe(0.000123456789);
    expect(picoToDollars(4_720_000_000n)).toBe(0.00472);
    expect(picoToDollars(200_000n)).toBe(2e-7);
    // 1,000,000 requests of 1,000 tokens at 2.5e-6: a float running sum gives 2500.000000042964.
    expect(picoToDollars(2_500_000_000_000_000n)).toBe(2500);
  });

  it('does not drift like a float division does', () => {
    // 11e-6 USD: ten additions of 1.1e-6 in floating point give 0.000010999999999999998.
    expect(picoToDollars(11_000_000n)).toBe(0.000011);
    const pico = 300_020n * 7n;
    expect(picoToDollars(pico)).toBe(Number('0.00000210014'));
  });
});
