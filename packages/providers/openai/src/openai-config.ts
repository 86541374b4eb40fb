import type { ModelSettingsV1 } from '@llmux/core';
import type { OpenAICompatibleProviderConfig } from '@llmux/openai-compatible';
import { refineOpenAIError } from './openai-error.js';

export const defaultOpenAIBaseURL = 'https://api.openai.com/v1';

/** Provider-wide defaults; the settings of each model (`api_key`, `api_base` …) win over them. */
export interface OpenAIProviderOptions extends ModelSettingsV1 {
  /** Sent as `OpenAI-Project`. */
  project?: string | undefined;
}

export function openAIProviderConfig(
  options: OpenAIProviderOptions,
): OpenAICompatibleProviderConfig & { supportsEmbeddings: true } {
  return {
    provider: 'openai',
    baseURL: defaultOpenAIBaseURL,
    apiKeyEnvVar: 'OPENAI_API_KEY',
    apiBaseEnvVar: ['OPENAI_API_BASE', 'OPENAI_BASE_URL'],
    // Local OpenAI-compatible servers (vLLM, LM Studio) reached through `api_base` take no key.
    apiKeyOptional: ({ baseURL }) => baseURL !== defaultOpenAIBaseURL,
    headers(apiKey, settings) {
      const headers: Record<string, string> = {};
      if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
      if (settings.organization) headers['openai-organization'] = settings.organization;
      if (options.project !== undefined) headers['openai-project'] = options.project;
      return headers;
    },
    mapError: refineOpenAIError,
    supportsEmbeddings: true,
  };
}
