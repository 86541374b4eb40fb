import { decimalToPico } from './decimal-to-pico.js';
import type { ModelPrice } from './model-price.js';

/** Per-token USD prices set in config or call options, named as LiteLLM names them. */
export interface CustomPriceParams {
  input_cost_per_token?: number | string | undefined;
  output_cost_per_token?: number | string | undefined;
  cache_read_input_token_cost?: number | string | undefined;
  cache_creation_input_token_cost?: number | string | undefined;
}

function toPico(value: number | string | null | undefined): bigint | undefined {
  return value === undefined || value === null ? undefined : decimalToPico(value);
}

/**
 * A price from custom per-token costs; undefined when neither input nor output is set.
 * As in LiteLLM, a missing rate is 0 and a missing cache rate is the input rate.
 * Throws on a negative or non-numeric price.
 */
export function customModelPrice(params: CustomPriceParams): ModelPrice | undefined {
  const input = toPico(params.input_cost_per_token);
  const output = toPico(params.output_cost_per_token);
  if (input === undefined && output === undefined) return undefined;
  const inputPico = input ?? 0n;
  return {
    provider: 'custom',
    mode: '',
    inputPico,
    outputPico: output ?? 0n,
    cacheReadPico: toPico(params.cache_read_input_token_cost) ?? inputPico,
    cacheWritePico: toPico(params.cache_creation_input_token_cost) ?? inputPico,
  };
}
