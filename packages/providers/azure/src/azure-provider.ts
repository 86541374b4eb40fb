import type { ChatModelV1, EmbeddingModelV1, ModelSettingsV1, ProviderV1 } from '@llmux/core';
import { createOpenAICompatibleProvider } from '@llmux/openai-compatible';
import { resolveAzureApiVersion } from './azure-api-version.js';
import { AzureChatModel } from './azure-chat-model.js';
import { parseAzureDeployment } from './azure-deployment.js';
import { AzureEmbeddingModel } from './azure-embedding-model.js';
import { createAzureProviderConfig } from './azure-provider-config.js';

/**
 * Provider-wide defaults; each model's settings (`api_key`, `api_base`, `api_version` …) win
 * over them. `extra.azure_ad_token` authenticates with an Entra ID token instead of a key.
 */
export type AzureProviderOptions = ModelSettingsV1;

export interface AzureProvider extends ProviderV1 {
  /** `modelId` is the deployment name (`azure/<deployment>`). */
  chatModel(modelId: string, settings?: ModelSettingsV1): ChatModelV1;
  embeddingModel(modelId: string, settings?: ModelSettingsV1): EmbeddingModelV1;
}

function withAzureAdToken(
  settings: ModelSettingsV1,
  azureAdToken: string | undefined,
): ModelSettingsV1 {
  if (azureAdToken === undefined) return settings;
  return { ...settings, extra: { ...settings.extra, azure_ad_token: azureAdToken } };
}

/**
 * Azure OpenAI: `azure/<deployment>` calls
 * `{api_base}/openai/deployments/{deployment}/chat/completions?api-version=…`.
 *
 * @example
 * registerProvider(createAzure({ apiBase: 'https://my-resource.openai.azure.com', apiVersion: '2024-10-21' }));
 */
export function createAzure(options: AzureProviderOptions = {}): AzureProvider {
  function baseProvider(modelId: string, settings: ModelSettingsV1) {
    const apiVersion = resolveAzureApiVersion(settings.apiVersion || options.apiVersion);
    const deployment = parseAzureDeployment(modelId);
    return createOpenAICompatibleProvider(
      createAzureProviderConfig({ deployment, apiVersion }),
      options,
    );
  }
  return {
    specificationVersion: 'v1',
    provider: 'azure',
    apiKeyEnvVar: 'AZURE_API_KEY',
    chatModel: (modelId, settings = {}) => {
      const provider = baseProvider(modelId, settings);
      return new AzureChatModel({
        modelId,
        baseModel: azureAdToken =>
          provider.chatModel(modelId, {
            ...withAzureAdToken(settings, azureAdToken),
            fetch: settings.fetch ?? options.fetch,
          }),
      });
    },
    embeddingModel: (modelId, settings = {}) => {
      const provider = baseProvider(modelId, settings);
      return new AzureEmbeddingModel({
        modelId,
        baseModel: azureAdToken =>
          provider.embeddingModel(modelId, withAzureAdToken(settings, azureAdToken)),
      });
    },
  };
}

export const azure: AzureProvider = createAzure();

/** Read by core's registry when it lazy-loads this package for an `azure/` model. */
export const llmuxProviders: readonly ProviderV1[] = [azure];
