import type { OpenAICompatibleProviderConfig } from '@llmux/openai-compatible';
import { refineGroqError } from './groq-error.js';
import { groqUnsupportedParameters } from './groq-unsupported-parameters.js';
import { normalizeGroqChunk, normalizeGroqCompletion } from './normalize-groq-response.js';

export const defaultGroqBaseURL = 'https://api.groq.com/openai/v1';

export const groqProviderConfig: OpenAICompatibleProviderConfig = {
  provider: 'groq',
  baseURL: defaultGroqBaseURL,
  apiKeyEnvVar: 'GROQ_API_KEY',
  apiBaseEnvVar: 'GROQ_API_BASE',
  unsupportedParameters: groqUnsupportedParameters,
  // Groq reports usage on the last chunk (`x_groq.usage`, and `usage` lately) unasked.
  includeUsageInStream: false,
  transformResponse: normalizeGroqCompletion,
  transformChunk: normalizeGroqChunk,
  mapError: refineGroqError,
};
