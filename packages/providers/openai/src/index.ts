export { OpenAIChatModel } from './openai-chat-model.js';
export type { OpenAIProviderOptions } from './openai-config.js';
export { OpenAIEmbeddingModel } from './openai-embedding-model.js';
export { createOpenAI, llmuxProviders, type OpenAIProvider, openai } from './openai-provider.js';
export { VERSION } from './version.js';
