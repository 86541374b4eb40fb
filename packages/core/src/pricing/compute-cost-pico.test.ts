import { describe, expect, it } from 'vitest';
import type { UsageV1 } from '../provider/usage.js';
import { computeCostPico } from './compute-cost-pico.js';
import { lookupModelPrice } from './lookup-model-price.js';
import type { ModelPrice } from './model-price.js';
import { picoToDollars } from './pico-to-dollars.js';

// Expected values are worked out by hand from the README's decimal prices:
// 1 USD = 1e12 pUSD, so a price of 2.5e-06 USD/token is 2_500_000 pUSD/token.

function usage(tokens: Partial<UsageV1>): UsageV1 {
  const promptTokens = tokens.promptTokens ?? 0;
  const completionTokens = tokens.completionTokens ?? 0;
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedReadTokens: tokens.cachedReadTokens ?? 0,
    cacheWriteTokens: tokens.cacheWriteTokens ?? 0,
    reasoningTokens: tokens.reasoningTokens ?? 0,
  };
}

function priceOf(modelId: string, provider: string): ModelPrice {
  const price = lookupModelPrice(modelId, provider);
  if (!price) throw new Error(`no price for ${provider}/${modelId}`);
  return price;
}

describe('computeCostPico with prices from the table', () => {
  it('openai/gpt-4o with cached prompt tokens', () => {
    // input 2.5e-06 = 2_500_000, output 1e-05 = 10_000_000, cache read 1.25e-06 = 1_250_000.
    // 1_200 prompt tokens, 1_024 of them cached: 176 uncached.
    //     176 ×  2_500_000 =   440_000_000
    //   1_024 ×  1_250_000 = 1_280_000_000
    //     300 × 10_000_000 = 3_000_000_000
    //                  sum = 4_720_000_000 pUSD = $0.00472
    const cost = computeCostPico(
      usage({ promptTokens: 1_200, cachedReadTokens: 1_024, completionTokens: 300 }),
      priceOf('gpt-4o', 'openai'),
    );
    expect(cost).toBe(4_720_000_000n);
    expect(picoToDollars(cost)).toBe(0.00472);
  });

  it('anthropic/claude-sonnet-4-20250514 with cache reads and cache writes', () => {
    // input 3e-06 = 3_000_000, output 1.5e-05 = 15_000_000,
    // cache read 3e-07 = 300_000, cache write 3.75e-06 = 3_750_000.
    // 5_000 prompt tokens = 500 uncached + 3_000 read + 1_500 written.
    // 800 completion tokens, 200 of them reasoning (no separate price: output rate).
    //     500 ×  3_000_000 =  1_500_000_000
    //   3_000 ×    300_000 =    900_000_000
    //   1_500 ×  3_750_000 =  5_625_000_000
    //     800 × 15_000_000 = 12_000_000_000
    //                  sum = 20_025_000_000 pUSD = $0.020025
    const cost = computeCostPico(
      usage({
        promptTokens: 5_000,
        cachedReadTokens: 3_000,
        cacheWriteTokens: 1_500,
        completionTokens: 800,
        reasoningTokens: 200,
      }),
      priceOf('claude-sonnet-4-20250514', 'anthropic'),
    );
    expect(cost).toBe(20_025_000_000n);
    expect(picoToDollars(cost)).toBe(0.020025);
  });

  it('Bedrock cross-region us.anthropic.claude-3-5-haiku-20241022-v1:0 (and apac. via stripping)', () => {
    // input 8e-07 = 800_000, output 4e-06 = 4_000_000,
    // cache read 8e-08 = 80_000, cache write 1e-06 = 1_000_000.
    // 2_000 prompt tokens = 500 uncached + 1_000 read + 500 written; 100 completion.
    //     500 ×   800_000 = 400_000_000
    //   1_000 ×    80_000 =  80_000_000
    //     500 × 1_000_000 = 500_000_000
    //     100 × 4_000_000 = 400_000_000
    //                 sum = 1_380_000_000 pUSD = $0.00138
    const tokens = usage({
      promptTokens: 2_000,
      cachedReadTokens: 1_000,
      cacheWriteTokens: 500,
      completionTokens: 100,
    });
    const us = priceOf('us.anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock');
    const apac = priceOf('apac.anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock');
    expect(computeCostPico(tokens, us)).toBe(1_380_000_000n);
    expect(computeCostPico(tokens, apac)).toBe(1_380_000_000n);
  });

  it('gemini/gemini-2.0-flash with cached tokens', () => {
    // input 1e-07 = 100_000, output 4e-07 = 400_000, cache read 2.5e-08 = 25_000.
    // 10_000 prompt tokens, 4_000 cached: 6_000 uncached; 1_000 completion.
    //   6_000 × 100_000 = 600_000_000
    //   4_000 ×  25_000 = 100_000_000
    //   1_000 × 400_000 = 400_000_000
    //               sum = 1_100_000_000 pUSD = $0.0011
    const cost = computeCostPico(
      usage({ promptTokens: 10_000, cachedReadTokens: 4_000, completionTokens: 1_000 }),
      priceOf('gemini-2.0-flash', 'gemini'),
    );
    expect(cost).toBe(1_100_000_000n);
  });

  it('groq/llama-3.3-70b-versatile, whose 7.9e-07 is inexact as a float', () => {
    // input 5.9e-07 = 590_000, output 7.9e-07 = 790_000.
    //   1_234 × 590_000 = 728_060_000
    //     567 × 790_000 = 447_930_000
    //               sum = 1_175_990_000 pUSD = $0.00117599
    const cost = computeCostPico(
      usage({ promptTokens: 1_234, completionTokens: 567 }),
      priceOf('llama-3.3-70b-versatile', 'groq'),
    );
    expect(cost).toBe(1_175_990_000n);
    expect(picoToDollars(cost)).toBe(0.00117599);
  });

  it('text-embedding-3-small keeps sub-micro-dollar costs', () => {
    // input 2e-08 = 20_000, output 0.
    //   10 × 20_000 = 200_000 pUSD = 0.2 µUSD
    //   1_000_000 × 20_000 = 20_000_000_000 pUSD = $0.02
    const price = priceOf('text-embedding-3-small', 'openai');
    expect(computeCostPico(usage({ promptTokens: 10 }), price)).toBe(200_000n);
    expect(computeCostPico(usage({ promptTokens: 1_000_000 }), price)).toBe(20_000_000_000n);
  });

  it('re-prices the whole request above 200k prompt tokens (claude-sonnet-4-20250514)', () => {
    // Tier rates: input 6e-06 = 6_000_000, output 2.25e-05 = 22_500_000,
    // cache read 6e-07 = 600_000, cache write 7.5e-06 = 7_500_000.
    // 250_000 prompt tokens = 130_000 uncached + 100_000 read + 20_000 written; 1_000 completion.
    //   130_000 ×  6_000_000 = 780_000_000_000
    //   100_000 ×    600_000 =  60_000_000_000
    //    20_000 ×  7_500_000 = 150_000_000_000
    //     1_000 × 22_500_000 =  22_500_000_000
    //                    sum = 1_012_500_000_000 pUSD = $1.0125
    const price = priceOf('claude-sonnet-4-20250514', 'anthropic');
    const cost = computeCostPico(
      usage({
        promptTokens: 250_000,
        cachedReadTokens: 100_000,
        cacheWriteTokens: 20_000,
        completionTokens: 1_000,
      }),
      price,
    );
    expect(cost).toBe(1_012_500_000_000n);
    expect(picoToDollars(cost)).toBe(1.0125);
  });

  it('uses the tier only strictly above the threshold', () => {
    const price = priceOf('claude-sonnet-4-20250514', 'anthropic');
    // 200_000 × 3_000_000 (base) = 600_000_000_000
    expect(computeCostPico(usage({ promptTokens: 200_000 }), price)).toBe(600_000_000_000n);
    // 200_001 × 6_000_000 (tier) = 1_200_006_000_000
    expect(computeCostPico(usage({ promptTokens: 200_001 }), price)).toBe(1_200_006_000_000n);
  });
});

describe('computeCostPico rules', () => {
  const price: ModelPrice = {
    provider: 'test',
    mode: 'chat',
    inputPico: 10n,
    outputPico: 100n,
    cacheReadPico: 1n,
    cacheWritePico: 20n,
    reasoningPico: 1_000n,
  };

  it('prices reasoning tokens at their own rate when there is one', () => {
    // 50 × 100 + 50 × 1_000 = 55_000
    const cost = computeCostPico(usage({ completionTokens: 100, reasoningTokens: 50 }), price);
    expect(cost).toBe(55_000n);
  });

  it('falls back to the input and output rates for missing cache and reasoning rates', () => {
    const plain: ModelPrice = { provider: 'test', mode: 'chat', inputPico: 10n, outputPico: 100n };
    // 10 × 10 + 5 × 10 + 5 × 10 + 20 × 100 = 2_200
    const cost = computeCostPico(
      usage({
        promptTokens: 20,
        cachedReadTokens: 5,
        cacheWriteTokens: 5,
        completionTokens: 20,
        reasoningTokens: 10,
      }),
      plain,
    );
    expect(cost).toBe(2_200n);
  });

  it('never goes negative when cached counts exceed the prompt', () => {
    // uncached clamps to 0: 10 × 1 + 10 × 20 = 210; output clamps to 0: 5 × 1_000 = 5_000.
    const cost = computeCostPico(
      usage({
        promptTokens: 5,
        cachedReadTokens: 10,
        cacheWriteTokens: 10,
        completionTokens: 1,
        reasoningTokens: 5,
      }),
      price,
    );
    expect(cost).toBe(5_210n);
    expect(computeCostPico(usage({ promptTokens: -5, completionTokens: Number.NaN }), price)).toBe(
      0n,
    );
  });

  it('keeps the base cache rate when the tier does not name one', () => {
    const tiered: ModelPrice = {
      ...price,
      tier: { thresholdTokens: 10, inputPico: 50n, outputPico: 500n },
    };
    // 6 × 50 + 5 × 1 (base cache read) + 0 written + 1 × 500 = 805
    const cost = computeCostPico(
      usage({ promptTokens: 11, cachedReadTokens: 5, completionTokens: 1 }),
      tiered,
    );
    expect(cost).toBe(805n);
  });
});
