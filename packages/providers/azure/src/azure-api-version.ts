/** The newest GA dated version of the Azure OpenAI data-plane API, sent when none is configured. */
export const defaultAzureApiVersion = '2024-10-21';

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** `api_version` from the settings, else `AZURE_API_VERSION`, else the default. */
export function resolveAzureApiVersion(apiVersion: string | undefined): string {
  return nonEmpty(apiVersion) ?? nonEmpty(process.env.AZURE_API_VERSION) ?? defaultAzureApiVersion;
}

/** `v1`, `latest` and `preview` select the undated `/openai/v1` API (LiteLLM's reading too). */
export function isAzureV1ApiVersion(apiVersion: string): boolean {
  return ['v1', 'latest', 'preview'].includes(apiVersion.toLowerCase());
}

/**
 * True when a dated version (`2024-02-15-preview`, `2024-10-21`) is older than `date`
 * (`YYYY-MM-DD`). Undated or unreadable versions count as new: Azure judges them itself.
 */
export function isAzureApiVersionBefore(apiVersion: string, date: string): boolean {
  const dated = /^(\d{4}-\d{2}-\d{2})/.exec(apiVersion);
  return dated?.[1] !== undefined && dated[1] < date;
}
