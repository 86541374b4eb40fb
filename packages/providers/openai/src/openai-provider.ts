import type { ChatModelV1, EmbeddingModelV1, ModelSettingsV1, ProviderV1 } from '@llmux/core';
import { createOpenAICompatibleProvider } from '@llmux/openai-compatible';
import { type OpenAIProviderOptions, openAIProviderConfig } from './openai-config.js';

export interface OpenAIProvider extends ProviderV1 {
  chatModel(modelId: string, settings?: ModelSettingsV1): ChatModelV1;
  embeddingModel(modelId: string, settings?: ModelSettingsV1): EmbeddingModelV1;
}

/**
 * The OpenAI provider; also serves any OpenAI-compatible server through `apiBase`.
 *
 * @example
 * registerProvider(createOpenAI({ apiBase: 'http://localhost:8000/v1' }), { prefix: 'local' });
 */
export function createOpenAI(options: OpenAIProviderOptions = {}): OpenAIProvider {
  const { project: _project, ...settings } = options;
  return createOpenAICompatibleProvider(openAIProviderConfig(options), settings);
}

export const openai: OpenAIProvider = createOpenAI();

/** Read by core's registry when it lazy-loads this package for an `openai/` model. */
export const llmuxProviders: readonly ProviderV1[] = [openai];
