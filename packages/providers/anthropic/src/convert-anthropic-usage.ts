import type { ChatCompletionUsage, UsageV1 } from '@llmux/core';
import type { AnthropicUsage } from './anthropic-api.js';

/**
 * Anthropic counts uncached input, cache writes and cache reads apart; OpenAI's
 * `prompt_tokens` (and `UsageV1.promptTokens`) is their sum. Thinking tokens are part of
 * `output_tokens` and are not reported apart.
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): {
  usage: UsageV1;
  openAIUsage: ChatCompletionUsage;
} {
  const input = usage?.input_tokens ?? 0;
  const cacheWrite = usage?.cache_creation_input_tokens ?? 0;
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  // Part of cacheWrite; billed at the 1-hour write rate.
  const cacheWrite1h = usage?.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const output = usage?.output_tokens ?? 0;
  const promptTokens = input + cacheWrite + cacheRead;
  return {
    usage: {
      promptTokens,
      completionTokens: output,
      totalTokens: promptTokens + output,
      cachedReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      cacheWrite1hTokens: cacheWrite1h,
      reasoningTokens: 0,
    },
    openAIUsage: {
      prompt_tokens: promptTokens,
      completion_tokens: output,
      total_tokens: promptTokens + output,
      prompt_tokens_details: { cached_tokens: cacheRead },
      // LiteLLM reports Anthropic's own counts too.
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: cacheRead,
    },
  };
}
