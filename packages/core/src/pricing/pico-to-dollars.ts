const PICO_PER_DOLLAR = 1_000_000_000_000n;

/** Exact decimal text of a picodollar amount, e.g. 123456789012n → "0.000123456789012". */
export function picoToDecimalText(pico: bigint): string {
  const sign = pico < 0n ? '-' : '';
  const magnitude = pico < 0n ? -pico : pico;
  const whole = magnitude / PICO_PER_DOLLAR;
  const fraction = (magnitude % PICO_PER_DOLLAR).toString().padStart(12, '0').replace(/0+$/, '');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/**
 * Dollars as the float shown at the API (`x-litellm-response-cost`, JSON). Parsing the exact
 * decimal text once gives the double nearest to the true amount; a division would add error.
 */
export function picoToDollars(pico: bigint): number {
  return Number(picoToDecimalText(pico));
}
