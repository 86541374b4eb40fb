import type { ChatModelV1, EmbeddingModelV1, ModelSettingsV1, ProviderV1 } from '@llmux/core';
import { OpenAICompatibleChatModel } from './openai-compatible-chat-model.js';
import type { OpenAICompatibleProviderConfig } from './openai-compatible-config.js';
import { OpenAICompatibleEmbeddingModel } from './openai-compatible-embedding-model.js';
import { createOpenAICompatibleModelConfig } from './openai-compatible-model-config.js';

export interface OpenAICompatibleProvider extends ProviderV1 {
  chatModel(modelId: string, settings?: ModelSettingsV1): ChatModelV1;
  /** Present only when the config says `supportsEmbeddings`. */
  embeddingModel?(modelId: string, settings?: ModelSettingsV1): EmbeddingModelV1;
}

/** An OpenAI-compatible provider whose `embeddingModel` is always there. */
export interface OpenAICompatibleEmbeddingProvider extends OpenAICompatibleProvider {
  embeddingModel(modelId: string, settings?: ModelSettingsV1): EmbeddingModelV1;
}

function firstOf(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * A provider for an OpenAI-wire API, from data plus small hooks (see README.md).
 * `options` are provider-wide defaults; each model's settings win over them.
 *
 * @example
 * const acme = createOpenAICompatibleProvider({
 *   provider: 'acme',
 *   baseURL: 'https://api.acme.ai/v1',
 *   apiKeyEnvVar: 'ACME_API_KEY',
 * });
 */
export function createOpenAICompatibleProvider(
  config: OpenAICompatibleProviderConfig & { supportsEmbeddings: true },
  options?: ModelSettingsV1,
): OpenAICompatibleEmbeddingProvider;
export function createOpenAICompatibleProvider(
  config: OpenAICompatibleProviderConfig,
  options?: ModelSettingsV1,
): OpenAICompatibleProvider;
export function createOpenAICompatibleProvider(
  config: OpenAICompatibleProviderConfig,
  options: ModelSettingsV1 = {},
): OpenAICompatibleProvider {
  const modelConfig = (modelId: string, settings: ModelSettingsV1) =>
    createOpenAICompatibleModelConfig({ providerConfig: config, modelId, options, settings });
  const provider: OpenAICompatibleProvider = {
    specificationVersion: 'v1',
    provider: config.provider,
    apiKeyEnvVar: firstOf(config.apiKeyEnvVar),
    chatModel: (modelId, settings = {}) =>
      new OpenAICompatibleChatModel(modelConfig(modelId, settings)),
  };
  if (config.supportsEmbeddings) {
    provider.embeddingModel = (modelId, settings = {}) =>
      new OpenAICompatibleEmbeddingModel(modelConfig(modelId, settings));
  }
  return provider;
}
