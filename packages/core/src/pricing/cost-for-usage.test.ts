import { describe, expect, it } from 'vitest';
import type { UsageV1 } from '../provider/usage.js';
import { costForUsage } from './cost-for-usage.js';
import { customModelPrice } from './custom-model-price.js';
import { picoToDollars } from './pico-to-dollars.js';

function usage(promptTokens: number, completionTokens: number, cachedReadTokens = 0): UsageV1 {
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedReadTokens,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
}

describe('costForUsage', () => {
  it('prices from the table', () => {
    // gpt-4o: 1_000 × 2_500_000 + 100 × 10_000_000 = 3_500_000_000
    expect(
      costForUsage({ provider: 'openai', modelId: 'gpt-4o', usage: usage(1_000, 100) }),
    ).toEqual({ costPico: 3_500_000_000n, priced: true });
  });

  it('lets a custom price win outright', () => {
    const customPrice = customModelPrice({
      input_cost_per_token: 1e-6,
      output_cost_per_token: 2e-6,
    });
    // 1_000 × 1_000_000 + 100 × 2_000_000 = 1_200_000_000
    const result = costForUsage({
      provider: 'openai',
      modelId: 'gpt-4o',
      usage: usage(1_000, 100),
      customPrice,
      baseModel: 'gpt-4o-mini',
    });
    expect(result).toEqual({ costPico: 1_200_000_000n, priced: true });
  });

  it('prices as the base model before the model id', () => {
    // An Azure deployment name says nothing; azure/gpt-4o-mini costs 1.65e-07 / 6.6e-07.
    // 1_000 × 165_000 + 100 × 660_000 = 165_000_000 + 66_000_000 = 231_000_000
    const result = costForUsage({
      provider: 'azure',
      modelId: 'my-deployment',
      usage: usage(1_000, 100),
      baseModel: 'azure/gpt-4o-mini',
    });
    expect(result).toEqual({ costPico: 231_000_000n, priced: true });
  });

  it('falls back to the model id when the base model is unknown', () => {
    const result = costForUsage({
      provider: 'openai',
      modelId: 'gpt-4o',
      usage: usage(1_000, 100),
      baseModel: 'no-such-model',
    });
    expect(result).toEqual({ costPico: 3_500_000_000n, priced: true });
  });

  it('reports unpriced requests as 0 and priced: false', () => {
    expect(
      costForUsage({ provider: 'hosted_vllm', modelId: 'my-llama', usage: usage(1_000, 100) }),
    ).toEqual({ costPico: 0n, priced: false });
  });
});

describe('summing many requests', () => {
  // Prices written out from the map's decimal text (pUSD per token), independent of the table.
  const models = [
    // gpt-4o: 2.5e-06 / 1e-05, cache read 1.25e-06
    {
      provider: 'openai',
      modelId: 'gpt-4o',
      input: 2_500_000n,
      output: 10_000_000n,
      read: 1_250_000n,
    },
    // gpt-4o-mini: 1.5e-07 / 6e-07, cache read 7.5e-08
    {
      provider: 'openai',
      modelId: 'gpt-4o-mini',
      input: 150_000n,
      output: 600_000n,
      read: 75_000n,
    },
    // groq llama-3.3-70b-versatile: 5.9e-07 / 7.9e-07, no cache price (reads cost input)
    {
      provider: 'groq',
      modelId: 'llama-3.3-70b-versatile',
      input: 590_000n,
      output: 790_000n,
      read: 590_000n,
    },
    // amazon.nova-lite-v1:0: 6e-08 / 2.4e-07, no cache price
    {
      provider: 'bedrock',
      modelId: 'amazon.nova-lite-v1:0',
      input: 60_000n,
      output: 240_000n,
      read: 60_000n,
    },
    // us.anthropic.claude-sonnet-4-6: 3.3e-06 / 1.65e-05, cache read 3.3e-07
    {
      provider: 'bedrock',
      modelId: 'us.anthropic.claude-sonnet-4-6',
      input: 3_300_000n,
      output: 16_500_000n,
      read: 330_000n,
    },
    // text-embedding-3-small: 2e-08 / 0
    {
      provider: 'openai',
      modelId: 'text-embedding-3-small',
      input: 20_000n,
      output: 0n,
      read: 20_000n,
    },
  ];

  // Deterministic pseudo-random token counts (mulberry32), so a failure reproduces.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }

  it('adds up 100,000 request costs exactly; float dollars would not', () => {
    const next = random(42);
    const sums = models.map(() => ({ uncached: 0n, read: 0n, output: 0n }));
    let totalPico = 0n;
    let floatDollars = 0;
    for (let request = 0; request < 100_000; request++) {
      const which = Math.floor(next() * models.length);
      const model = models[which];
      const sum = sums[which];
      if (!model || !sum) throw new Error('index out of range');
      const prompt = 1 + Math.floor(next() * 50_000);
      const cached = Math.floor(next() * prompt);
      const completion = model.output === 0n ? 0 : Math.floor(next() * 4_000);
      sum.uncached += BigInt(prompt - cached);
      sum.read += BigInt(cached);
      sum.output += BigInt(completion);

      const { costPico, priced } = costForUsage({
        provider: model.provider,
        modelId: model.modelId,
        usage: usage(prompt, completion, cached),
      });
      expect(priced).toBe(true);
      totalPico += costPico;
      floatDollars += picoToDollars(costPico);
    }

    const expected = models.reduce((total, model, index) => {
      const sum = sums[index];
      if (!sum) return total;
      return total + sum.uncached * model.input + sum.read * model.read + sum.output * model.output;
    }, 0n);
    expect(totalPico).toBe(expected);
    // The same dollar amounts added as floats drift from the exact total.
    expect(floatDollars).not.toBe(picoToDollars(expected));
  });
});
