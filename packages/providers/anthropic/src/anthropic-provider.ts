import type { ChatModelV1, ModelSettingsV1, ProviderV1 } from '@llmux/core';
import { AnthropicChatModel } from './anthropic-chat-model.js';
import { type AnthropicProviderOptions, createAnthropicConfig } from './anthropic-config.js';

export interface AnthropicProvider extends ProviderV1 {
  chatModel(modelId: string, settings?: ModelSettingsV1): ChatModelV1;
}

/**
 * The Anthropic provider (`anthropic/<model>`). Anthropic offers no embeddings.
 *
 * @example
 * registerProvider(createAnthropic({ apiBase: 'https://my-gateway.example/anthropic' }), {
 *   prefix: 'claude-gw',
 * });
 */
export function createAnthropic(options: AnthropicProviderOptions = {}): AnthropicProvider {
  const provider = 'anthropic';
  return {
    specificationVersion: 'v1',
    provider,
    apiKeyEnvVar: 'ANTHROPIC_API_KEY',
    chatModel: (modelId, settings = {}) =>
      new AnthropicChatModel(createAnthropicConfig({ provider, modelId, options, settings })),
  };
}

export const anthropic: AnthropicProvider = createAnthropic();

/** Read by core's registry when it lazy-loads this package for an `anthropic/` model. */
export const llmuxProviders: readonly ProviderV1[] = [anthropic];
