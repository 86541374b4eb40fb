import type { ChatModelV1, EmbeddingModelV1, ModelSettingsV1, ProviderV1 } from '@llmux/core';
import { OpenAIChatModel } from './openai-chat-model.js';
import { createOpenAIConfig, type OpenAIProviderOptions } from './openai-config.js';
import { OpenAIEmbeddingModel } from './openai-embedding-model.js';

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
  const provider = 'openai';
  const config = (modelId: string, settings: ModelSettingsV1) =>
    createOpenAIConfig({ provider, modelId, options, settings });
  return {
    specificationVersion: 'v1',
    provider,
    apiKeyEnvVar: 'OPENAI_API_KEY',
    chatModel: (modelId, settings = {}) => new OpenAIChatModel(config(modelId, settings)),
    embeddingModel: (modelId, settings = {}) => new OpenAIEmbeddingModel(config(modelId, settings)),
  };
}

export const openai: OpenAIProvider = createOpenAI();

/** Read by core's registry when it lazy-loads this package for an `openai/` model. */
export const llmuxProviders: readonly ProviderV1[] = [openai];
