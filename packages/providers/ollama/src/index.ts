export { OllamaChatModel } from './ollama-chat-model.js';
export type { OllamaProviderOptions } from './ollama-config.js';
export { OllamaEmbeddingModel } from './ollama-embedding-model.js';
export {
  createOllama,
  llmuxProviders,
  type OllamaProvider,
  ollama,
  ollamaChat,
} from './ollama-provider.js';
export { VERSION } from './version.js';
