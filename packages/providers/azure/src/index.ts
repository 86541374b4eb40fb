export { defaultAzureApiVersion } from './azure-api-version.js';
export { AzureChatModel } from './azure-chat-model.js';
export { AzureEmbeddingModel } from './azure-embedding-model.js';
export {
  type AzureProvider,
  type AzureProviderOptions,
  azure,
  createAzure,
  llmuxProviders,
} from './azure-provider.js';
export { VERSION } from './version.js';
