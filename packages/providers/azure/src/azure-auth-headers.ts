import { AuthenticationError, type ModelSettingsV1 } from '@llmux/core';

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Azure's auth header. An Entra ID token goes as `Authorization: Bearer`, a key as
 * `api-key`. Explicit settings beat the environment; within each, the token beats the key
 * (the `openai` SDK's AzureOpenAI order).
 *
 * `apiKey` is what the base resolved: `settings.apiKey`, else `AZURE_API_KEY` /
 * `AZURE_OPENAI_API_KEY`.
 */
export function azureAuthHeaders({
  apiKey,
  settings,
  deployment,
}: {
  apiKey: string | undefined;
  settings: ModelSettingsV1;
  deployment: string;
}): Record<string, string> {
  const explicitToken = nonEmpty(settings.extra?.azure_ad_token);
  if (explicitToken !== undefined) return { authorization: `Bearer ${explicitToken}` };
  const explicitKey = nonEmpty(settings.apiKey);
  if (explicitKey !== undefined) return { 'api-key': explicitKey };
  const environmentToken = nonEmpty(process.env.AZURE_AD_TOKEN);
  if (environmentToken !== undefined) return { authorization: `Bearer ${environmentToken}` };
  if (apiKey !== undefined && apiKey !== '') return { 'api-key': apiKey };
  throw new AuthenticationError({
    message:
      'No credentials for azure: pass api_key or azure_ad_token, or set AZURE_API_KEY (or AZURE_OPENAI_API_KEY) or AZURE_AD_TOKEN.',
    llmProvider: 'azure',
    model: deployment,
    isRetryable: false,
  });
}
