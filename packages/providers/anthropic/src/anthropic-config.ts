import { type FetchFunction, loadApiKey, type ModelSettingsV1 } from '@llmux/core';

export const defaultAnthropicBaseURL = 'https://api.anthropic.com';
export const anthropicVersion = '2023-06-01';

/** Provider-wide defaults; the settings of each model (`api_key`, `api_base` …) win over them. */
export type AnthropicProviderOptions = ModelSettingsV1;

export interface AnthropicConfig {
  readonly provider: string;
  readonly modelId: string;
  /** `{base}/v1/messages`. */
  readonly messagesURL: string;
  readonly fetch: FetchFunction | undefined;
  /** Lower-cased request headers. Throws `AuthenticationError` when there is no key. */
  headers(callHeaders: Record<string, string> | undefined): Record<string, string>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Accepts a base given with or without `/v1` (or even the full `/v1/messages`). */
export function anthropicMessagesURL(base: string): string {
  const root = base
    .replace(/\/+$/, '')
    .replace(/\/v1\/messages$/, '')
    .replace(/\/v1$/, '');
  return `${root}/v1/messages`;
}

export function createAnthropicConfig({
  provider,
  modelId,
  options,
  settings,
}: {
  provider: string;
  modelId: string;
  options: AnthropicProviderOptions;
  settings: ModelSettingsV1;
}): AnthropicConfig {
  const base =
    nonEmpty(settings.apiBase) ??
    nonEmpty(options.apiBase) ??
    nonEmpty(process.env.ANTHROPIC_API_BASE) ??
    nonEmpty(process.env.ANTHROPIC_BASE_URL) ??
    defaultAnthropicBaseURL;

  return {
    provider,
    modelId,
    messagesURL: anthropicMessagesURL(base),
    fetch: settings.fetch ?? options.fetch,
    headers(callHeaders) {
      const apiKey = loadApiKey({
        apiKey: nonEmpty(settings.apiKey) ?? nonEmpty(options.apiKey),
        envVar: 'ANTHROPIC_API_KEY',
        llmProvider: provider,
        model: modelId,
      });
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-api-key': apiKey,
        'anthropic-version': anthropicVersion,
      };
      // `anthropic-beta` (and anything else) rides along through these.
      for (const extra of [options.headers, settings.headers, callHeaders]) {
        for (const [name, value] of Object.entries(extra ?? {})) {
          headers[name.toLowerCase()] = value;
        }
      }
      return headers;
    },
  };
}
