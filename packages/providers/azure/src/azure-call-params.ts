import { BadRequestError } from '@llmux/core';

// LiteLLM's Entra ID credential flows (client secret, username/password); llmux does not run them.
const entraCredentialParams = [
  'tenant_id',
  'client_id',
  'client_secret',
  'azure_username',
  'azure_password',
  'azure_scope',
];

/**
 * LiteLLM takes `azure_ad_token` as a call option (and a deployment's `litellm_params`), so it
 * arrives inside the request body: take it out before the body goes upstream. Entra credential
 * parameters are refused rather than sent to Azure.
 */
export function takeAzureCallParams<T extends Record<string, unknown>>(
  request: T,
  deployment: string,
): { request: T; azureAdToken: string | undefined } {
  const credential = entraCredentialParams.find(name => request[name] !== undefined);
  if (credential !== undefined) {
    throw new BadRequestError({
      message: `azure: '${credential}' belongs to LiteLLM's Entra ID credential flow, which llmux does not run. Get a token for https://cognitiveservices.azure.com/.default yourself and pass it as azure_ad_token (or set AZURE_AD_TOKEN).`,
      llmProvider: 'azure',
      model: deployment,
      param: credential,
      isRetryable: false,
    });
  }
  if (!('azure_ad_token' in request)) return { request, azureAdToken: undefined };
  const { azure_ad_token: token, ...rest } = request;
  return {
    request: rest as T,
    azureAdToken: typeof token === 'string' && token !== '' ? token : undefined,
  };
}
