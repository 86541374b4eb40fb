const PICO_DIGITS = 12;
const MAX_EXPONENT = 1000;
const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * USD as decimal text (or a number, read through its shortest round-trip text) → integer
 * picodollars (1e-12 USD). Exact up to 12 decimals; beyond that it rounds half-up.
 * Never scales in floating point: `6e-8 * 1e12` is 59999.99999999999.
 */
export function decimalToPico(value: number | string): bigint {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`Invalid price ${value}: expected a finite, non-negative number of USD`);
  }
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL_PATTERN.exec(text);
  const integerDigits = match?.[2] ?? '';
  const fractionDigits = match?.[3] ?? '';
  const exponent = Number(match?.[4] ?? '0');
  if (!match || integerDigits.length + fractionDigits.length === 0) {
    throw new Error(`Invalid price ${JSON.stringify(value)}: expected a decimal number of USD`);
  }
  if (Math.abs(exponent) > MAX_EXPONENT) {
    throw new Error(`Invalid price ${JSON.stringify(value)}: exponent out of range`);
  }
  const mantissa = BigInt(integerDigits + fractionDigits);
  if (match[1] === '-' && mantissa !== 0n) {
    throw new Error(`Invalid price ${JSON.stringify(value)}: prices cannot be negative`);
  }
  const shift = exponent - fractionDigits.length + PICO_DIGITS;
  if (shift >= 0) return mantissa * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const quotient = mantissa / divisor;
  return (mantissa % divisor) * 2n >= divisor ? quotient + 1n : quotient;
}
