import { customModelPrice, type ModelPrice } from '../pricing/index.js';
import type { ModelSettingsV1 } from '../provider/provider-v1.js';
import {
  type FallbackTarget,
  type LiteLLMCallOptions,
  providerSettingNames,
} from './completion-options.js';
import { parseModelString } from './parse-model-string.js';

/** One model to try: its parsed name, the settings its adapter gets and its custom price. */
export interface CallTarget {
  model: string;
  provider: string;
  modelId: string;
  settings: ModelSettingsV1;
  options: LiteLLMCallOptions;
  customPrice: ModelPrice | undefined;
}

export function resolveCallTarget(model: string, options: LiteLLMCallOptions): CallTarget {
  const { provider, modelId } = parseModelString(model, options.custom_llm_provider);
  return {
    model,
    provider,
    modelId,
    options,
    settings: {
      apiKey: options.api_key,
      apiBase: options.api_base ?? options.base_url,
      apiVersion: options.api_version,
      organization: options.organization,
      headers: options.extra_headers,
      fetch: options.fetch,
      extra: providerSettings(options),
    },
    customPrice: customModelPrice(options),
  };
}

function withoutProviderSettings(): Record<string, undefined> {
  const cleared: Record<string, undefined> = {};
  for (const name of providerSettingNames) cleared[name] = undefined;
  return cleared;
}

function providerSettings(options: LiteLLMCallOptions): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const name of providerSettingNames) {
    const value = (options as Record<string, unknown>)[name];
    if (value !== undefined && value !== null) {
      extra ??= {};
      extra[name] = value;
    }
  }
  return extra;
}

/**
 * The primary model, then each fallback. A fallback given as a bare string does not
 * inherit the primary's credentials or endpoint: those belong to the primary's provider.
 */
export function listCallCandidates(
  model: string,
  options: LiteLLMCallOptions,
): Array<{ model: string; options: LiteLLMCallOptions }> {
  const candidates = [{ model, options }];
  for (const fallback of options.fallbacks ?? []) {
    const target: Exclude<FallbackTarget, string> =
      typeof fallback === 'string' ? { model: fallback } : fallback;
    candidates.push({
      model: target.model,
      options: {
        ...options,
        api_key: target.api_key,
        api_base: target.api_base,
        base_url: undefined,
        api_version: target.api_version,
        custom_llm_provider: undefined,
        ...withoutProviderSettings(),
        base_model: undefined,
        input_cost_per_token: undefined,
        output_cost_per_token: undefined,
        cache_read_input_token_cost: undefined,
        cache_creation_input_token_cost: undefined,
      },
    });
  }
  return candidates;
}
