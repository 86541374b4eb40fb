import { computeCostPico, lookupModelPrice } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';

describe('convertAnthropicUsage', () => {
  it('sums uncached input, cache writes and cache reads into prompt_tokens', () => {
    const { usage, openAIUsage } = convertAnthropicUsage({
      input_tokens: 3,
      cache_creation_input_tokens: 418,
      cache_read_input_tokens: 1111,
      output_tokens: 33,
    });
    expect(usage).toMatchObject({
      promptTokens: 1532,
      cachedReadTokens: 1111,
      cacheWriteTokens: 418,
    });
    expect(openAIUsage.prompt_tokens_details?.cached_tokens).toBe(1111);
  });

  it('prices 1-hour cache writes at their own rate', () => {
    const { usage } = convertAnthropicUsage({
      input_tokens: 10,
      cache_creation_input_tokens: 300,
      cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
      cache_read_input_tokens: 0,
      output_tokens: 20,
    });
    expect(usage.cacheWrite1hTokens).toBe(200);
    const price = lookupModelPrice('claude-sonnet-4-20250514', 'anthropic');
    if (!price) throw new Error('claude-sonnet-4-20250514 must be in the price table');
    // $3/M input, $3.75/M 5-minute write, $6/M 1-hour write, $15/M output, in picodollars per token:
    // 10 × 3,000,000 + 100 × 3,750,000 + 200 × 6,000,000 + 20 × 15,000,000
    expect(computeCostPico(usage, price)).toBe(
      30_000_000n + 375_000_000n + 1_200_000_000n + 300_000_000n,
    );
  });
});
