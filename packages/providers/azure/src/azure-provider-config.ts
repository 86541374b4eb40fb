import type { OpenAICompatibleProviderConfig } from '@llmux/openai-compatible';
import { azureAuthHeaders } from './azure-auth-headers.js';
import type { AzureDeployment } from './azure-deployment.js';
import { mapAzureError } from './azure-error.js';
import { transformAzureRequest } from './azure-transform-request.js';
import { azureUnsupportedParameters } from './azure-unsupported-parameters.js';
import { azureUrl } from './azure-url.js';
import { normalizeAzureChunk } from './normalize-azure-chunk.js';

/**
 * The base adapter's config for one deployment: Azure's URL, auth and API version depend on
 * the deployment and its settings, so each model gets its own.
 */
export function createAzureProviderConfig({
  deployment,
  apiVersion,
}: {
  deployment: AzureDeployment;
  apiVersion: string;
}): OpenAICompatibleProviderConfig & { supportsEmbeddings: true } {
  return {
    provider: 'azure',
    apiKeyEnvVar: ['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY'],
    apiBaseEnvVar: ['AZURE_API_BASE', 'AZURE_OPENAI_ENDPOINT'],
    // An Entra ID token can stand in for the key; azureAuthHeaders fails when neither is set.
    apiKeyOptional: true,
    headers: (apiKey, settings) =>
      azureAuthHeaders({ apiKey, settings, deployment: deployment.name }),
    url: ({ baseURL, path }) =>
      azureUrl({ baseURL, path, deployment: deployment.name, apiVersion }),
    unsupportedParameters: azureUnsupportedParameters(apiVersion),
    transformRequest: (body, { stream }) =>
      transformAzureRequest(body, { deployment, apiVersion, stream }),
    transformChunk: chunk => normalizeAzureChunk(chunk, deployment.name),
    mapError: mapAzureError,
    supportsEmbeddings: true,
  };
}
