import type { ModelPrice } from './model-price.js';
import { priceTableModes, priceTableProviders, priceTableRows } from './price-table.generated.js';
import type { PriceTableRow } from './price-table-row.js';

export interface PriceTableEntry {
  key: string;
  /** LiteLLM's `litellm_provider` for the entry. */
  provider: string;
  row: number;
}

interface PriceTableIndex {
  exact: Map<string, PriceTableEntry>;
  lowerCase: Map<string, PriceTableEntry>;
  prices: Array<ModelPrice | undefined>;
}

let index: PriceTableIndex | undefined;

function getIndex(): PriceTableIndex {
  if (index) return index;
  const exact = new Map<string, PriceTableEntry>();
  const lowerCase = new Map<string, PriceTableEntry>();
  priceTableRows.forEach((row, rowNumber) => {
    const entry = { key: row[0], provider: priceTableProviders[row[1]] ?? '', row: rowNumber };
    exact.set(entry.key, entry);
    // Keys that differ only in case (together_ai/BAAI/… and …/baai/…): the first in map order wins.
    const lower = entry.key.toLowerCase();
    if (!lowerCase.has(lower)) lowerCase.set(lower, entry);
  });
  index = { exact, lowerCase, prices: new Array(priceTableRows.length) };
  return index;
}

/**
 * Builds the index of the price table's ~2,400 keys now, if not yet done (a few ms, else
 * spent by the first priced call). `warmUp` runs it.
 */
export function indexPriceTable(): void {
  getIndex();
}

/** Whether the index has been built. */
export function priceTableIndexed(): boolean {
  return index !== undefined;
}

/** The entry stored under exactly this key. */
export function findExactEntry(key: string): PriceTableEntry | undefined {
  return getIndex().exact.get(key);
}

/** The entry whose key equals this one ignoring case. */
export function findCaseInsensitiveEntry(key: string): PriceTableEntry | undefined {
  return getIndex().lowerCase.get(key.toLowerCase());
}

function toBigInt(value: number | null | undefined): bigint | undefined {
  return value === null || value === undefined ? undefined : BigInt(value);
}

function rowToModelPrice(row: PriceTableRow): ModelPrice {
  const [, providerIndex, modeIndex, maxInput, maxOutput, input, output] = row;
  const [cacheRead, cacheWrite, reasoning, threshold] = [row[7], row[8], row[9], row[10]];
  const [tierInput, tierOutput, tierCacheRead, tierCacheWrite] = [
    row[11],
    row[12],
    row[13],
    row[14],
  ];
  const inputPico = BigInt(input);
  const outputPico = BigInt(output);
  const price: ModelPrice = {
    provider: priceTableProviders[providerIndex] ?? '',
    mode: priceTableModes[modeIndex] ?? '',
    inputPico,
    outputPico,
  };
  const cacheReadPico = toBigInt(cacheRead);
  const cacheWritePico = toBigInt(cacheWrite);
  const reasoningPico = toBigInt(reasoning);
  const cacheWrite1hPico = toBigInt(row[15]);
  if (cacheReadPico !== undefined) price.cacheReadPico = cacheReadPico;
  if (cacheWritePico !== undefined) price.cacheWritePico = cacheWritePico;
  if (reasoningPico !== undefined) price.reasoningPico = reasoningPico;
  if (cacheWrite1hPico !== undefined) price.cacheWrite1hPico = cacheWrite1hPico;
  if (maxInput !== null) price.maxInputTokens = maxInput;
  if (maxOutput !== null) price.maxOutputTokens = maxOutput;
  if (typeof threshold === 'number') {
    price.tier = {
      thresholdTokens: threshold,
      // A tier that names only some rates keeps the base rate for the others (LiteLLM).
      inputPico: toBigInt(tierInput) ?? inputPico,
      outputPico: toBigInt(tierOutput) ?? outputPico,
    };
    const tierCacheReadPico = toBigInt(tierCacheRead);
    const tierCacheWritePico = toBigInt(tierCacheWrite);
    if (tierCacheReadPico !== undefined) price.tier.cacheReadPico = tierCacheReadPico;
    if (tierCacheWritePico !== undefined) price.tier.cacheWritePico = tierCacheWritePico;
  }
  return price;
}

/**
 * The entry's prices, converted to bigint on first use and cached. Callers share the
 * object, so it is frozen.
 */
export function modelPriceOf(entry: PriceTableEntry): ModelPrice {
  const { prices } = getIndex();
  const cached = prices[entry.row];
  if (cached) return cached;
  const row = priceTableRows[entry.row];
  if (!row) throw new Error(`price table has no row ${entry.row}`);
  const price = rowToModelPrice(row);
  if (price.tier) Object.freeze(price.tier);
  prices[entry.row] = Object.freeze(price);
  return price;
}
