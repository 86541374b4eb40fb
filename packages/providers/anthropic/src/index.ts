export { AnthropicChatModel } from './anthropic-chat-model.js';
export type { AnthropicProviderOptions } from './anthropic-config.js';
export {
  type AnthropicProvider,
  anthropic,
  createAnthropic,
  llmuxProviders,
} from './anthropic-provider.js';
export { VERSION } from './version.js';
