export {
  OpenAICompatibleChatModel as OpenAIChatModel,
  OpenAICompatibleEmbeddingModel as OpenAIEmbeddingModel,
} from '@llmux/openai-compatible';
export type { OpenAIProviderOptions } from './openai-config.js';
export { createOpenAIError, createOpenAIStreamError } from './openai-error.js';
export { createOpenAI, llmuxProviders, type OpenAIProvider, openai } from './openai-provider.js';
export { VERSION } from './version.js';
