import type { ChatModelV1, EmbeddingModelV1, ModelSettingsV1, ProviderV1 } from '@llmux/core';
import { OllamaChatModel } from './ollama-chat-model.js';
import { createOllamaConfig, type OllamaProviderOptions } from './ollama-config.js';
import { OllamaEmbeddingModel } from './ollama-embedding-model.js';

export interface OllamaProvider extends ProviderV1 {
  chatModel(modelId: string, settings?: ModelSettingsV1): ChatModelV1;
  embeddingModel(modelId: string, settings?: ModelSettingsV1): EmbeddingModelV1;
}

/**
 * An Ollama provider on the native API (`/api/chat`, `/api/embed`). `provider` is the
 * prefix it answers: LiteLLM spells Ollama both `ollama/` and `ollama_chat/`.
 *
 * @example
 * registerProvider(createOllama({ apiBase: 'http://gpu-box:11434' }), { prefix: 'gpu' });
 */
export function createOllama(options: OllamaProviderOptions = {}): OllamaProvider {
  const provider = options.provider ?? 'ollama';
  const config = (modelId: string, settings: ModelSettingsV1) =>
    createOllamaConfig({ provider, modelId, options, settings });
  return {
    specificationVersion: 'v1',
    provider,
    apiKeyEnvVar: 'OLLAMA_API_KEY',
    chatModel: (modelId, settings = {}) => new OllamaChatModel(config(modelId, settings)),
    embeddingModel: (modelId, settings = {}) => new OllamaEmbeddingModel(config(modelId, settings)),
  };
}

export const ollama: OllamaProvider = createOllama();

/** `ollama_chat/<model>`: the same native `/api/chat` adapter under LiteLLM's other prefix. */
export const ollamaChat: OllamaProvider = createOllama({ provider: 'ollama_chat' });

/** Read by core's registry when it lazy-loads this package for an `ollama/` or `ollama_chat/` model. */
export const llmuxProviders: readonly ProviderV1[] = [ollama, ollamaChat];
