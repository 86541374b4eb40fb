/**
 * One model of the generated price table. Prices are integer picodollars (1e-12 USD) per
 * token, `null` where LiteLLM's map has no value; trailing empty cells are left out.
 * Column order is fixed by scripts/derive-price-table.mjs.
 */
export type PriceTableRow = readonly [
  key: string,
  providerIndex: number,
  modeIndex: number,
  maxInputTokens: number | null,
  maxOutputTokens: number | null,
  inputPico: number,
  outputPico: number,
  cacheReadPico?: number | null,
  cacheWritePico?: number | null,
  reasoningPico?: number | null,
  tierThresholdTokens?: number | null,
  tierInputPico?: number | null,
  tierOutputPico?: number | null,
  tierCacheReadPico?: number | null,
  tierCacheWritePico?: number | null,
  cacheWrite1hPico?: number | null,
];
