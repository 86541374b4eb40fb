export { applyUnsupportedParameters } from './apply-unsupported-parameters.js';
export { OpenAICompatibleChatModel } from './openai-compatible-chat-model.js';
export type {
  OpenAICompatibleErrorContext,
  OpenAICompatibleProviderConfig,
  OpenAICompatibleRequestContext,
  UnsupportedParameter,
} from './openai-compatible-config.js';
export { OpenAICompatibleEmbeddingModel } from './openai-compatible-embedding-model.js';
export {
  createOpenAICompatibleError,
  createOpenAICompatibleStreamError,
  defaultErrorClass,
  refineError,
} from './openai-compatible-error.js';
export { llmuxProviders, openAICompatibleFamily } from './openai-compatible-family.js';
export {
  createOpenAICompatibleModelConfig,
  mergeSettings,
  type OpenAICompatibleModelConfig,
} from './openai-compatible-model-config.js';
export {
  createOpenAICompatibleProvider,
  type OpenAICompatibleEmbeddingProvider,
  type OpenAICompatibleProvider,
} from './openai-compatible-provider.js';
export { createOpenAICompatibleStreamParts } from './openai-compatible-stream-parts.js';
export { type OpenAIErrorDetails, parseOpenAIErrorDetails } from './parse-openai-error-details.js';
export { VERSION } from './version.js';
