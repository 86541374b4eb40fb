import { describe, expect, it } from 'vitest';
import { decimalToPico } from './decimal-to-pico.js';

describe('decimalToPico', () => {
  it('converts the float-hostile prices from their decimal text', () => {
    // 6e-8 * 1e12 === 59999.99999999999 in floating point.
    expect(decimalToPico(6e-8)).toBe(60_000n);
    // 0.0000165 * 1e12 === 16500000.000000002 in floating point.
    expect(decimalToPico(0.0000165)).toBe(16_500_000n);
    expect(decimalToPico(7.9e-7)).toBe(790_000n);
    expect(decimalToPico(2.5e-6)).toBe(2_500_000n);
    expect(decimalToPico(1e-5)).toBe(10_000_000n);
  });

  it('reads strings in plain and exponent notation', () => {
    expect(decimalToPico('2.5e-06')).toBe(2_500_000n);
    expect(decimalToPico('0.0000025')).toBe(2_500_000n);
    expect(decimalToPico('2.5E-6')).toBe(2_500_000n);
    expect(decimalToPico(' 3e-7 ')).toBe(300_000n);
    expect(decimalToPico('.5')).toBe(500_000_000_000n);
    expect(decimalToPico('5.')).toBe(5_000_000_000_000n);
    expect(decimalToPico('+1e-12')).toBe(1n);
    expect(decimalToPico('12')).toBe(12_000_000_000_000n);
  });

  it('handles zero and large values', () => {
    expect(decimalToPico(0)).toBe(0n);
    expect(decimalToPico('0.0')).toBe(0n);
    expect(decimalToPico('-0')).toBe(0n);
    expect(decimalToPico(0.54)).toBe(540_000_000_000n);
    expect(decimalToPico(1e21)).toBe(10n ** 33n);
  });

  it('rounds beyond 12 decimals half-up, recovering the intended decimal', () => {
    // Databricks artefact: 3.0001999999999996e-7 USD = 300019.9999999999996 pUSD.
    expect(decimalToPico(3.0001999999999996e-7)).toBe(300_020n);
    expect(decimalToPico(2.9999900000000002e-6)).toBe(2_999_990n);
    expect(decimalToPico('0.0000000000005')).toBe(1n);
    expect(decimalToPico('0.00000000000049999')).toBe(0n);
    expect(decimalToPico('1.5e-12')).toBe(2n);
  });

  it('throws a clear error on negative, NaN, infinite and non-numeric input', () => {
    expect(() => decimalToPico(-1e-6)).toThrow(/cannot be negative/);
    expect(() => decimalToPico('-0.000001')).toThrow(/cannot be negative/);
    expect(() => decimalToPico(Number.NaN)).toThrow(/Invalid price NaN/);
    expect(() => decimalToPico(Number.POSITIVE_INFINITY)).toThrow(/Invalid price/);
    expect(() => decimalToPico('abc')).toThrow(/expected a decimal number/);
    expect(() => decimalToPico('')).toThrow(/expected a decimal number/);
    expect(() => decimalToPico('.')).toThrow(/expected a decimal number/);
    expect(() => decimalToPico('1e')).toThrow(/expected a decimal number/);
    expect(() => decimalToPico('0x10')).toThrow(/expected a decimal number/);
    expect(() => decimalToPico('1e-99999')).toThrow(/exponent out of range/);
  });
});
