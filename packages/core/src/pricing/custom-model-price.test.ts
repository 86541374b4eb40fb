import { describe, expect, it } from 'vitest';
import { customModelPrice } from './custom-model-price.js';

describe('customModelPrice', () => {
  it('is undefined when neither input nor output is set', () => {
    expect(customModelPrice({})).toBeUndefined();
    expect(customModelPrice({ cache_read_input_token_cost: 1e-7 })).toBeUndefined();
    expect(customModelPrice({ input_cost_per_token: undefined })).toBeUndefined();
  });

  it('converts numbers and strings exactly; cache prices default to the input price', () => {
    expect(
      customModelPrice({ input_cost_per_token: 6e-8, output_cost_per_token: '2.4e-7' }),
    ).toEqual({
      provider: 'custom',
      mode: '',
      inputPico: 60_000n,
      outputPico: 240_000n,
      cacheReadPico: 60_000n,
      cacheWritePico: 60_000n,
    });
  });

  it('keeps cache prices that are set, including 0', () => {
    const price = customModelPrice({
      input_cost_per_token: '0.000003',
      output_cost_per_token: 0.000015,
      cache_read_input_token_cost: 0,
      cache_creation_input_token_cost: '3.75e-6',
    });
    expect(price?.cacheReadPico).toBe(0n);
    expect(price?.cacheWritePico).toBe(3_750_000n);
  });

  it('prices a missing input or output at 0', () => {
    expect(customModelPrice({ output_cost_per_token: 1e-6 })).toMatchObject({
      inputPico: 0n,
      outputPico: 1_000_000n,
      cacheReadPico: 0n,
    });
    expect(customModelPrice({ input_cost_per_token: 1e-6 })?.outputPico).toBe(0n);
  });

  it('rejects invalid prices', () => {
    expect(() => customModelPrice({ input_cost_per_token: -1e-6 })).toThrow(/negative/);
    expect(() => customModelPrice({ output_cost_per_token: 'cheap' })).toThrow(/decimal number/);
  });
});
