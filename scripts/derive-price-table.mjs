#!/usr/bin/env node
// Derives packages/core/src/pricing/price-table.generated.ts from LiteLLM's model price map
// (model_prices_and_context_window.json, MIT). Plain Node, no dependencies.
//
//   node scripts/derive-price-table.mjs [path/to/model_prices_and_context_window.json]
//
// The map path defaults to ../shared/prices/ beside the repository.
// Prices are converted from their decimal text to integer picodollars (1e-12 USD) per token;
// `x * 1e12` in floating point is not exact (6e-8 * 1e12 === 59999.99999999999).

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const defaultMapPath = resolve(
  repoRoot,
  '../shared/prices/model_prices_and_context_window.json',
);
export const outputPath = resolve(repoRoot, 'packages/core/src/pricing/price-table.generated.ts');

const KEPT_MODES = new Set(['chat', 'completion', 'responses', 'embedding']);
const NOT_MODELS = new Set(['sample_spec', 'fallback_generalizations']);
const PICO_DIGITS = 12;
const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Decimal text → integer picodollars, rounding half-up beyond 12 decimals.
 * Returns whether it rounded, so the caller can report it.
 */
export function decimalTextToPico(text) {
  const match = DECIMAL_PATTERN.exec(text);
  const integerDigits = match?.[2] ?? '';
  const fractionDigits = match?.[3] ?? '';
  if (!match || integerDigits.length + fractionDigits.length === 0) {
    throw new Error(`not a decimal number: ${JSON.stringify(text)}`);
  }
  const mantissa = BigInt(integerDigits + fractionDigits);
  if (match[1] === '-' && mantissa !== 0n) throw new Error(`negative price: ${text}`);
  const shift = Number(match[4] ?? '0') - fractionDigits.length + PICO_DIGITS;
  if (shift >= 0) return { pico: mantissa * 10n ** BigInt(shift), rounded: false };
  const divisor = 10n ** BigInt(-shift);
  const quotient = mantissa / divisor;
  const remainder = mantissa % divisor;
  if (remainder === 0n) return { pico: quotient, rounded: false };
  return { pico: remainder * 2n >= divisor ? quotient + 1n : quotient, rounded: true };
}

// Column order of a row; keep in sync with PriceTableRow in price-table-row.ts.
const PRICE_COLUMNS = [
  ['inputPico', ['input_cost_per_token']],
  ['outputPico', ['output_cost_per_token']],
  ['cacheReadPico', ['cache_read_input_token_cost', 'input_cost_per_token_cache_hit']],
  ['cacheWritePico', ['cache_creation_input_token_cost']],
  ['reasoningPico', ['output_cost_per_reasoning_token']],
];
const TIERS = [
  { suffix: '_above_200k_tokens', thresholdTokens: 200_000 },
  { suffix: '_above_128k_tokens', thresholdTokens: 128_000 },
];
const TIER_COLUMNS = [
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
];

// Anthropic's 1-hour cache write (`cache_control.ttl: "1h"`), billed apart from the 5-minute one.
const CACHE_WRITE_1H = 'cache_creation_input_token_cost_above_1hr';

function isPresent(value) {
  return value !== undefined && value !== null;
}

function tokenLimit(value) {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.floor(value)
    : null;
}

/**
 * Pure derivation: the parsed LiteLLM map → providers, modes, rows and the prices it rounded.
 * A row is [key, providerIndex, modeIndex, maxInputTokens, maxOutputTokens, input, output,
 * cacheRead, cacheWrite, reasoning, tierThresholdTokens, tierInput, tierOutput, tierCacheRead,
 * tierCacheWrite, cacheWrite1h], picodollars per token, null where the map has no value,
 * trailing nulls cut.
 */
export function derivePriceTable(map) {
  const rounded = [];
  const toPico = (key, field, value) => {
    if (!isPresent(value)) return null;
    if (typeof value !== 'number' && typeof value !== 'string') {
      throw new Error(`${key}.${field}: expected a number, got ${JSON.stringify(value)}`);
    }
    const text = String(value);
    let result;
    try {
      result = decimalTextToPico(text);
    } catch (error) {
      throw new Error(`${key}.${field}: ${error.message}`);
    }
    if (result.pico > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new Error(`${key}.${field}: ${text} USD per token is too large to store`);
    }
    if (result.rounded) rounded.push({ key, field, text, pico: result.pico });
    return Number(result.pico);
  };

  const kept = [];
  for (const [key, entry] of Object.entries(map)) {
    if (NOT_MODELS.has(key) || entry === null || typeof entry !== 'object') continue;
    const mode = entry.mode;
    if (isPresent(mode) && !KEPT_MODES.has(mode)) continue;
    const prices = PRICE_COLUMNS.map(([, fields]) => {
      const field = fields.find(name => isPresent(entry[name]));
      return field === undefined ? null : toPico(key, field, entry[field]);
    });
    if (prices.every(price => price === null)) continue;
    const tier = TIERS.find(({ suffix }) =>
      TIER_COLUMNS.some(field => isPresent(entry[field + suffix])),
    );
    const tierCells = tier
      ? [
          tier.thresholdTokens,
          ...TIER_COLUMNS.map(field =>
            toPico(key, field + tier.suffix, entry[field + tier.suffix]),
          ),
        ]
      : [];
    kept.push({
      key,
      provider: String(entry.litellm_provider ?? ''),
      mode: isPresent(mode) ? String(mode) : '',
      cells: [
        tokenLimit(entry.max_input_tokens),
        tokenLimit(entry.max_output_tokens),
        // LiteLLM prices a missing input or output rate at 0.
        prices[0] ?? 0,
        prices[1] ?? 0,
        ...prices.slice(2),
        ...(tierCells.length > 0 ? tierCells : [null, null, null, null, null]),
        toPico(key, CACHE_WRITE_1H, entry[CACHE_WRITE_1H]),
      ],
    });
  }

  const providers = [...new Set(kept.map(row => row.provider))].sort();
  const modes = [...new Set(kept.map(row => row.mode))].sort();
  const rows = kept.map(({ key, provider, mode, cells }) => {
    const row = [key, providers.indexOf(provider), modes.indexOf(mode), ...cells];
    while (row.at(-1) === null) row.pop();
    return row;
  });
  return { providers, modes, rows, rounded };
}

/** The generated TypeScript module, byte for byte. */
export function renderPriceTable({ providers, modes, rows }, sourceSha256) {
  const lines = [
    '// GENERATED FILE. Do not edit by hand: run `pnpm derive-prices` (scripts/derive-price-table.mjs).',
    "// Derived from LiteLLM's model price map, model_prices_and_context_window.json",
    '// (https://github.com/BerriAI/litellm), MIT licence, Copyright (c) 2023 Berri AI:',
    '// see packages/core/LICENSE-prices.md for the notice. Prices are picodollars (1e-12 USD) per token.',
    `// Source map sha256: ${sourceSha256}`,
    '',
    "import type { PriceTableRow } from './price-table-row.js';",
    '',
    `export const priceMapSha256 = '${sourceSha256}';`,
    '',
    `export const priceTableProviders: readonly string[] = ${JSON.stringify(providers)};`,
    '',
    `export const priceTableModes: readonly string[] = ${JSON.stringify(modes)};`,
    '',
    'export const priceTableRows: readonly PriceTableRow[] = [',
    ...rows.map(row => `${JSON.stringify(row)},`),
    '];',
    '',
  ];
  return lines.join('\n');
}

export function sha256Hex(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads the map at `mapPath` and returns the generated module text plus what was rounded. */
export function derivePriceTableFile(mapPath) {
  const source = readFileSync(mapPath);
  const derived = derivePriceTable(JSON.parse(source.toString('utf8')));
  return { derived, text: renderPriceTable(derived, sha256Hex(source)) };
}

function main() {
  const mapPath = resolve(process.argv[2] ?? defaultMapPath);
  const { derived, text } = derivePriceTableFile(mapPath);
  for (const { key, field, text: price, pico } of derived.rounded) {
    console.log(`rounded ${key}.${field}: ${price} USD -> ${pico} pUSD`);
  }
  writeFileSync(outputPath, text);
  console.log(
    `wrote ${outputPath}: ${derived.rows.length} models, ${derived.providers.length} providers, ` +
      `${Buffer.byteLength(text)} bytes, ${derived.rounded.length} prices rounded`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
