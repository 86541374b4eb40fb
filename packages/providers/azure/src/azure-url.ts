import { isAzureV1ApiVersion } from './azure-api-version.js';

/**
 * The request URL for `path` (`/chat/completions`, `/embeddings`). Dated API versions go to
 * `{api_base}/openai/deployments/{deployment}{path}?api-version=…`; `v1`/`latest`/`preview`
 * go to `{api_base}/openai/v1{path}` (the deployment is then the body's `model`).
 * `baseURL` comes without trailing slashes.
 */
export function azureUrl({
  baseURL,
  path,
  deployment,
  apiVersion,
}: {
  baseURL: string;
  path: string;
  deployment: string;
  apiVersion: string;
}): string {
  if (isAzureV1ApiVersion(apiVersion)) {
    const resource = baseURL.replace(/\/openai(?:\/v1)?$/i, '');
    const query = apiVersion.toLowerCase() === 'preview' ? '?api-version=preview' : '';
    return `${resource}/openai/v1${path}${query}`;
  }
  const query = `?api-version=${encodeURIComponent(apiVersion)}`;
  // An api_base that already names a deployment is used as given, as LiteLLM does.
  if (/\/openai\/deployments\/[^/]+$/i.test(baseURL)) return `${baseURL}${path}${query}`;
  const resource = baseURL.replace(/\/openai$/i, '');
  return `${resource}/openai/deployments/${encodeURIComponent(deployment)}${path}${query}`;
}
