import { BadRequestError, type FetchFunction, loadApiKey, type ModelSettingsV1 } from '@llmux/core';
import type { OpenAICompatibleProviderConfig } from './openai-compatible-config.js';

/** What one model needs at call time, resolved from the provider config and its settings. */
export interface OpenAICompatibleModelConfig {
  readonly provider: string;
  readonly modelId: string;
  /** Model settings over provider options. */
  readonly settings: ModelSettingsV1;
  readonly providerConfig: OpenAICompatibleProviderConfig;
  readonly fetch: FetchFunction | undefined;
  /** The request URL for `path`; throws when no base URL is configured. */
  url(path: string): string;
  /** Lower-cased request headers; throws `AuthenticationError` when a required key is missing. */
  headers(callHeaders: Record<string, string> | undefined): Record<string, string>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function asList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function fromEnv(names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = nonEmpty(process.env[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** `settings` over `options`, ignoring unset entries; headers merged. */
export function mergeSettings(
  options: ModelSettingsV1,
  settings: ModelSettingsV1,
): ModelSettingsV1 {
  const merged: Record<string, unknown> = { ...options };
  for (const key in settings) {
    const value = settings[key as keyof ModelSettingsV1];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  if (options.headers || settings.headers) {
    merged.headers = { ...options.headers, ...settings.headers };
  }
  return merged as ModelSettingsV1;
}

function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase()] = value;
  return result;
}

export function createOpenAICompatibleModelConfig({
  providerConfig,
  modelId,
  options,
  settings: modelSettings,
}: {
  providerConfig: OpenAICompatibleProviderConfig;
  modelId: string;
  options: ModelSettingsV1;
  settings: ModelSettingsV1;
}): OpenAICompatibleModelConfig {
  const provider = providerConfig.provider;
  const settings = mergeSettings(options, modelSettings);
  const keyEnvVars = asList(providerConfig.apiKeyEnvVar);
  const baseEnvVars = asList(providerConfig.apiBaseEnvVar);
  const baseURL = (
    nonEmpty(settings.apiBase) ??
    fromEnv(baseEnvVars) ??
    nonEmpty(providerConfig.baseURL)
  )?.replace(/\/+$/, '');

  function apiKey(): string | undefined {
    const key = nonEmpty(settings.apiKey) ?? fromEnv(keyEnvVars);
    const optional =
      typeof providerConfig.apiKeyOptional === 'function'
        ? providerConfig.apiKeyOptional({ baseURL })
        : providerConfig.apiKeyOptional === true;
    if (key !== undefined || optional) return key;
    return loadApiKey({
      apiKey: undefined,
      envVar: keyEnvVars[0] ?? `${provider.toUpperCase()}_API_KEY`,
      llmProvider: provider,
      model: modelId,
    });
  }

  return {
    provider,
    modelId,
    settings,
    providerConfig,
    fetch: settings.fetch,
    url(path) {
      if (baseURL === undefined) {
        const envHint = baseEnvVars.length > 0 ? ` or set ${baseEnvVars.join(' / ')}` : '';
        throw new BadRequestError({
          message: `No api_base for ${provider}/${modelId}: pass api_base${envHint}.`,
          llmProvider: provider,
          model: modelId,
          param: 'api_base',
        });
      }
      return providerConfig.url
        ? providerConfig.url({ baseURL, path, modelId, settings })
        : `${baseURL}${path}`;
    },
    headers(callHeaders) {
      const key = apiKey();
      const auth = providerConfig.headers
        ? providerConfig.headers(key, settings)
        : key === undefined
          ? {}
          : { authorization: `Bearer ${key}` };
      return {
        'content-type': 'application/json',
        ...lowerCased(auth),
        ...lowerCased(settings.headers),
        ...lowerCased(callHeaders),
      };
    },
  };
}
