import type { ChatModelV1, ModelSettingsV1, ProviderV1 } from '@llmux/core';
import { createOpenAICompatibleProvider } from '@llmux/openai-compatible';
import { groqProviderConfig } from './groq-config.js';

export interface GroqProvider extends ProviderV1 {
  chatModel(modelId: string, settings?: ModelSettingsV1): ChatModelV1;
}

/**
 * The Groq provider (`groq/<model>`). `options` are provider-wide defaults (`apiKey`,
 * `apiBase`, `headers`, `fetch` …); each model's settings win over them.
 */
export function createGroq(options: ModelSettingsV1 = {}): GroqProvider {
  return createOpenAICompatibleProvider(groqProviderConfig, options);
}

export const groq: GroqProvider = createGroq();

/** Read by core's registry when it lazy-loads this package for a `groq/` model. */
export const llmuxProviders: readonly ProviderV1[] = [groq];
