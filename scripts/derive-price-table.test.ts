import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  priceMapSha256,
  priceTableModes,
  priceTableProviders,
  priceTableRows,
} from '../packages/core/src/pricing/price-table.generated.js';
import {
  decimalTextToPico,
  defaultMapPath,
  derivePriceTable,
  derivePriceTableFile,
  outputPath,
} from './derive-price-table.mjs';

describe('derivePriceTable', () => {
  const map = {
    sample_spec: { input_cost_per_token: 0, output_cost_per_token: 0, mode: 'chat' },
    fallback_generalizations: [],
    'chat-model': {
      litellm_provider: 'acme',
      mode: 'chat',
      max_input_tokens: 1000,
      max_output_tokens: 100,
      input_cost_per_token: 6e-8,
      output_cost_per_token: 0.0000165,
      input_cost_per_token_cache_hit: 1e-8,
      input_cost_per_token_above_200k_tokens: 1.2e-7,
      output_cost_per_token_above_200k_tokens: 0.000033,
    },
    'long-context': {
      litellm_provider: 'acme',
      mode: 'responses',
      input_cost_per_token: 1e-6,
      output_cost_per_token: 2e-6,
      output_cost_per_reasoning_token: 3e-6,
      input_cost_per_token_above_128k_tokens: 2e-6,
      output_cost_per_token_above_128k_tokens: 4e-6,
      cache_read_input_token_cost_above_128k_tokens: 5e-7,
    },
    artefact: {
      litellm_provider: 'databricks',
      mode: 'embedding',
      input_cost_per_token: 3.0001999999999996e-7,
    },
    'price-class': { litellm_provider: 'fireworks_ai', input_cost_per_token: 2e-7 },
    'image-model': {
      litellm_provider: 'openai',
      mode: 'image_generation',
      input_cost_per_token: 1e-6,
    },
    'per-second': { litellm_provider: 'openai', mode: 'chat', input_cost_per_second: 1e-4 },
  };

  it('keeps priced chat, completion, responses, embedding and mode-less entries', () => {
    const { providers, modes, rows, rounded } = derivePriceTable(map);
    expect(providers).toEqual(['acme', 'databricks', 'fireworks_ai']);
    expect(modes).toEqual(['', 'chat', 'embedding', 'responses']);
    expect(rows).toEqual([
      [
        'chat-model',
        0,
        1,
        1000,
        100,
        60_000,
        16_500_000,
        10_000,
        null,
        null,
        200_000,
        120_000,
        33_000_000,
      ],
      [
        'long-context',
        0,
        3,
        null,
        null,
        1_000_000,
        2_000_000,
        null,
        null,
        3_000_000,
        128_000,
        2_000_000,
        4_000_000,
        500_000,
      ],
      ['artefact', 1, 2, null, null, 300_020, 0],
      ['price-class', 2, 0, null, null, 200_000, 0],
    ]);
    expect(rounded).toEqual([
      {
        key: 'artefact',
        field: 'input_cost_per_token',
        text: '3.0001999999999996e-7',
        pico: 300_020n,
      },
    ]);
  });

  it('refuses negative or non-numeric prices', () => {
    expect(() =>
      derivePriceTable({
        bad: { litellm_provider: 'x', mode: 'chat', input_cost_per_token: -1e-6 },
      }),
    ).toThrow(/bad.input_cost_per_token: negative price/);
    expect(() =>
      derivePriceTable({ bad: { litellm_provider: 'x', mode: 'chat', output_cost_per_token: {} } }),
    ).toThrow(/expected a number/);
  });

  it('converts decimal text without floating point', () => {
    expect(decimalTextToPico('6e-8')).toEqual({ pico: 60_000n, rounded: false });
    expect(decimalTextToPico('0.0000165')).toEqual({ pico: 16_500_000n, rounded: false });
    expect(decimalTextToPico('2.9999900000000002e-6')).toEqual({ pico: 2_999_990n, rounded: true });
  });
});

// The LiteLLM map lives outside the repository; skip where it is not present.
describe.skipIf(!existsSync(defaultMapPath))('price-table.generated.ts', () => {
  it('is exactly what the script derives from the map', () => {
    const { text, derived } = derivePriceTableFile(defaultMapPath);
    expect(readFileSync(outputPath, 'utf8') === text, 'run `pnpm derive-prices`').toBe(true);
    expect(priceTableRows.length).toBe(derived.rows.length);
    expect(priceTableProviders).toEqual(derived.providers);
    expect(priceTableModes).toEqual(derived.modes);
    expect(derived.rounded).toHaveLength(31);
  });

  it('holds the same rows as an in-process derivation', () => {
    const source = readFileSync(defaultMapPath, 'utf8');
    const { rows, providers } = derivePriceTable(JSON.parse(source));
    for (const key of [
      'gpt-4o',
      'claude-sonnet-4-20250514',
      'gemini/gemini-2.0-flash',
      'databricks/databricks-claude-sonnet-4',
      'text-embedding-3-small',
    ]) {
      const derivedRow = rows.find(row => row[0] === key);
      const generatedRow = priceTableRows.find(row => row[0] === key);
      expect(generatedRow).toEqual(derivedRow);
      expect(priceTableProviders[generatedRow?.[1] ?? -1]).toBe(providers[derivedRow?.[1]]);
    }
    expect(priceTableRows.find(row => row[0] === 'databricks/databricks-claude-sonnet-4')).toEqual(
      // 2.9999900000000002e-06 → 2_999_990, 1.5000020000000002e-05 → 15_000_020
      expect.arrayContaining([2_999_990, 15_000_020]),
    );
  });

  it('records the sha256 of the map it came from', () => {
    const digest = createHash('sha256').update(readFileSync(defaultMapPath)).digest('hex');
    expect(priceMapSha256).toBe(digest);
  });
});
