import { type FetchFunction, loadApiKey, type ModelSettingsV1 } from '@llmux/core';

export const defaultOpenAIBaseURL = 'https://api.openai.com/v1';

/** Provider-wide defaults; the settings of each model (`api_key`, `api_base` …) win over them. */
export interface OpenAIProviderOptions extends ModelSettingsV1 {
  /** Sent as `OpenAI-Project`. */
  project?: string | undefined;
}

export interface OpenAIConfig {
  readonly provider: string;
  readonly modelId: string;
  /** Without a trailing slash. */
  readonly baseURL: string;
  readonly fetch: FetchFunction | undefined;
  /** Lower-cased request headers. Throws `AuthenticationError` when OpenAI itself gets no key. */
  headers(callHeaders: Record<string, string> | undefined): Record<string, string>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function createOpenAIConfig({
  provider,
  modelId,
  options,
  settings,
}: {
  provider: string;
  modelId: string;
  options: OpenAIProviderOptions;
  settings: ModelSettingsV1;
}): OpenAIConfig {
  const baseURL = (
    nonEmpty(settings.apiBase) ??
    nonEmpty(options.apiBase) ??
    nonEmpty(process.env.OPENAI_API_BASE) ??
    nonEmpty(process.env.OPENAI_BASE_URL) ??
    defaultOpenAIBaseURL
  ).replace(/\/+$/, '');

  function apiKey(): string | undefined {
    const explicitKey = nonEmpty(settings.apiKey) ?? nonEmpty(options.apiKey);
    // Local OpenAI-compatible servers (vLLM, LM Studio) take no key.
    if (baseURL !== defaultOpenAIBaseURL && !explicitKey && !nonEmpty(process.env.OPENAI_API_KEY)) {
      return undefined;
    }
    return loadApiKey({
      apiKey: explicitKey,
      envVar: 'OPENAI_API_KEY',
      llmProvider: provider,
      model: modelId,
    });
  }

  return {
    provider,
    modelId,
    baseURL,
    fetch: settings.fetch ?? options.fetch,
    headers(callHeaders) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const key = apiKey();
      if (key !== undefined) headers.authorization = `Bearer ${key}`;
      const organization = nonEmpty(settings.organization) ?? nonEmpty(options.organization);
      if (organization !== undefined) headers['openai-organization'] = organization;
      if (options.project !== undefined) headers['openai-project'] = options.project;
      for (const extra of [options.headers, settings.headers, callHeaders]) {
        for (const [name, value] of Object.entries(extra ?? {}))
          headers[name.toLowerCase()] = value;
      }
      return headers;
    },
  };
}
