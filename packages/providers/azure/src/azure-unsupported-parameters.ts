import type { UnsupportedParameter } from '@llmux/openai-compatible';
import { isAzureApiVersionBefore } from './azure-api-version.js';

function isJsonSchemaFormat(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'json_schema'
  );
}

/**
 * Parameters the configured dated `api_version` does not accept yet (the same cut-offs as
 * LiteLLM; Azure's version history: https://learn.microsoft.com/en-us/azure/ai-services/openai/api-version-deprecation).
 * Undated versions (`v1`, `latest`, `preview`) accept them all.
 */
export function azureUnsupportedParameters(apiVersion: string): UnsupportedParameter[] {
  const before = (date: string) => isAzureApiVersionBefore(apiVersion, date);
  const needs = (since: string) =>
    `needs api_version ${since} or later; this call uses ${apiVersion}`;
  return [
    {
      name: 'tool_choice',
      when: () => before('2023-12-01'),
      reason: needs('2023-12-01-preview'),
    },
    {
      name: 'tool_choice',
      when: value => value === 'required' && before('2024-06-01'),
      reason: `'required' ${needs('2024-06-01')}`,
    },
    {
      name: 'response_format',
      when: value => isJsonSchemaFormat(value) && before('2024-08-01'),
      reason: `json_schema ${needs('2024-08-01-preview')}`,
    },
  ];
}
