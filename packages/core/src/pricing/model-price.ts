/** Prices of one model in integer picodollars (1e-12 USD) per token. */
export type ModelPrice = {
  /** LiteLLM's `litellm_provider` of the entry (`custom` for prices given in config). */
  provider: string;
  /** `chat`, `completion`, `responses`, `embedding`; '' when the map gives none. */
  mode: string;
  inputPico: bigint;
  outputPico: bigint;
  /** Cached prompt token; the input price when absent. */
  cacheReadPico?: bigint;
  /** Prompt token written to the cache; the input price when absent. */
  cacheWritePico?: bigint;
  /** Prompt token written to the 1-hour cache (Anthropic); the 5-minute write price when absent. */
  cacheWrite1hPico?: bigint;
  /** Reasoning token; the output price when absent. */
  reasoningPico?: bigint;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  /**
   * Long-context rates. When `promptTokens > thresholdTokens` they replace the base rates
   * for every token of the request; a cache rate missing here keeps the base cache rate.
   */
  tier?: {
    thresholdTokens: number;
    inputPico: bigint;
    outputPico: bigint;
    cacheReadPico?: bigint;
    cacheWritePico?: bigint;
  };
};
