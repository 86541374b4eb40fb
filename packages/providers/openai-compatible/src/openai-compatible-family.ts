import { ContentPolicyViolationError, type ProviderV1 } from '@llmux/core';
import { copyCachedTokens } from './copy-cached-tokens.js';
import type { OpenAICompatibleProviderConfig } from './openai-compatible-config.js';
import { refineError } from './openai-compatible-error.js';
import { createOpenAICompatibleProvider } from './openai-compatible-provider.js';

const moreThanOne = {
  when: (value: unknown) => typeof value === 'number' && value > 1,
  reason: 'only n=1 is supported',
};

/**
 * The OpenAI-compatible family: one row per LiteLLM prefix, with the base URL and the env
 * vars LiteLLM reads for it (same order of precedence). A new provider is one more row.
 */
export const openAICompatibleFamily: readonly OpenAICompatibleProviderConfig[] = [
  {
    provider: 'mistral',
    baseURL: 'https://api.mistral.ai/v1',
    apiKeyEnvVar: ['MISTRAL_API_KEY', 'MISTRAL_AZURE_API_KEY'],
    apiBaseEnvVar: ['MISTRAL_API_BASE', 'MISTRAL_AZURE_API_BASE'],
    supportsEmbeddings: true,
    // Mistral names the sampling seed `random_seed`.
    transformRequest: ({ seed, ...body }) =>
      seed === undefined || seed === null ? body : { ...body, random_seed: seed },
  },
  {
    provider: 'deepseek',
    baseURL: 'https://api.deepseek.com',
    apiKeyEnvVar: 'DEEPSEEK_API_KEY',
    apiBaseEnvVar: 'DEEPSEEK_API_BASE',
    // DeepSeek reports cache hits as `usage.prompt_cache_hit_tokens`.
    transformResponse: completion => copyCachedTokens(completion, 'prompt_cache_hit_tokens'),
    transformChunk: chunk => copyCachedTokens(chunk, 'prompt_cache_hit_tokens'),
    // https://api-docs.deepseek.com/quick_start/error_codes: moderation answers 400 "Content Exists Risk".
    mapError: ({ error, details }) =>
      /content exists risk/i.test(details.message)
        ? refineError(error, ContentPolicyViolationError)
        : undefined,
  },
  {
    provider: 'together_ai',
    baseURL: 'https://api.together.xyz/v1',
    apiKeyEnvVar: [
      'TOGETHERAI_API_KEY',
      'TOGETHER_AI_API_KEY',
      'TOGETHER_API_KEY',
      'TOGETHER_AI_TOKEN',
    ],
    apiBaseEnvVar: 'TOGETHER_AI_API_BASE',
    supportsEmbeddings: true,
  },
  {
    provider: 'fireworks_ai',
    baseURL: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnvVar: [
      'FIREWORKS_AI_API_KEY',
      'FIREWORKS_API_KEY',
      'FIREWORKSAI_API_KEY',
      'FIREWORKS_AI_TOKEN',
    ],
    apiBaseEnvVar: 'FIREWORKS_API_BASE',
    supportsEmbeddings: true,
    // `fireworks_ai/llama-v3p1-8b-instruct` means Fireworks' own catalogue.
    transformRequest: body =>
      typeof body.model === 'string' && !body.model.startsWith('accounts/')
        ? { ...body, model: `accounts/fireworks/models/${body.model}` }
        : body,
  },
  {
    provider: 'openrouter',
    baseURL: 'https://openrouter.ai/api/v1',
    apiKeyEnvVar: ['OPENROUTER_API_KEY', 'OR_API_KEY'],
    apiBaseEnvVar: 'OPENROUTER_API_BASE',
    supportsEmbeddings: true,
    // OpenRouter's app attribution headers, from the env vars LiteLLM reads.
    headers: apiKey => ({
      ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
      ...(process.env.OR_SITE_URL ? { 'http-referer': process.env.OR_SITE_URL } : {}),
      ...(process.env.OR_APP_NAME ? { 'x-title': process.env.OR_APP_NAME } : {}),
    }),
  },
  {
    provider: 'xai',
    baseURL: 'https://api.x.ai/v1',
    apiKeyEnvVar: 'XAI_API_KEY',
    apiBaseEnvVar: 'XAI_API_BASE',
  },
  {
    provider: 'perplexity',
    baseURL: 'https://api.perplexity.ai',
    apiKeyEnvVar: ['PERPLEXITYAI_API_KEY', 'PERPLEXITY_API_KEY'],
    apiBaseEnvVar: 'PERPLEXITY_API_BASE',
    // https://docs.perplexity.ai/api-reference/chat-completions: no function calling.
    unsupportedParameters: [
      'tools',
      'tool_choice',
      'logit_bias',
      'logprobs',
      'top_logprobs',
      { name: 'n', ...moreThanOne },
    ],
  },
  {
    provider: 'deepinfra',
    baseURL: 'https://api.deepinfra.com/v1/openai',
    apiKeyEnvVar: 'DEEPINFRA_API_KEY',
    apiBaseEnvVar: 'DEEPINFRA_API_BASE',
    supportsEmbeddings: true,
  },
  {
    provider: 'cerebras',
    baseURL: 'https://api.cerebras.ai/v1',
    apiKeyEnvVar: 'CEREBRAS_API_KEY',
    apiBaseEnvVar: 'CEREBRAS_API_BASE',
    // https://inference-docs.cerebras.ai/resources/openai: these are rejected with a 400.
    unsupportedParameters: ['frequency_penalty', 'presence_penalty', 'logit_bias'],
  },
  {
    provider: 'hosted_vllm',
    apiKeyEnvVar: 'HOSTED_VLLM_API_KEY',
    apiBaseEnvVar: 'HOSTED_VLLM_API_BASE',
    apiKeyOptional: true,
    supportsEmbeddings: true,
  },
  {
    provider: 'lm_studio',
    baseURL: 'http://localhost:1234/v1',
    apiKeyEnvVar: 'LM_STUDIO_API_KEY',
    apiBaseEnvVar: 'LM_STUDIO_API_BASE',
    apiKeyOptional: true,
    supportsEmbeddings: true,
  },
];

/** Read by core's registry when it lazy-loads this package for one of the family's prefixes. */
export const llmuxProviders: readonly ProviderV1[] = openAICompatibleFamily.map(config =>
  createOpenAICompatibleProvider(config),
);
