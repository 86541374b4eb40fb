import type { UsageV1 } from '../provider/usage.js';

/** What LiteLLM keeps in `response._hidden_params`, plus llmux's exact cost. */
export interface HiddenParams {
  custom_llm_provider: string;
  model: string;
  api_base: string | undefined;
  /** USD, a float for display; `response_cost_pico` is the exact value. */
  response_cost: number;
  /** Exact cost in picodollars (1e-12 USD). */
  response_cost_pico: bigint;
  /** False when the model has no price (cost is then 0). */
  priced: boolean;
  usage: UsageV1;
  /** True when the upstream reported no usage and it was estimated from the text. */
  usage_estimated: boolean;
  additional_headers: Record<string, string>;
  attempted_retries: number;
  attempted_fallbacks: number;
}

export function attachHiddenParams<T extends object>(
  value: T,
  hidden: HiddenParams,
): T & { readonly _hidden_params: HiddenParams } {
  Object.defineProperty(value, '_hidden_params', {
    value: hidden,
    enumerable: false,
    writable: true,
  });
  return value as T & { readonly _hidden_params: HiddenParams };
}
