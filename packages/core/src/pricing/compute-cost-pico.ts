import type { UsageV1 } from '../provider/usage.js';
import type { ModelPrice } from './model-price.js';

function tokens(count: number): bigint {
  return Number.isFinite(count) && count > 0 ? BigInt(Math.trunc(count)) : 0n;
}

function atLeastZero(value: bigint): bigint {
  return value > 0n ? value : 0n;
}

/**
 * Exact cost of one request in picodollars. `promptTokens` includes cache reads and writes,
 * `completionTokens` includes reasoning. Above the long-context threshold (strictly more
 * prompt tokens) the tier rates replace the base rates for every token, as in LiteLLM; 1-hour
 * cache writes keep their own rate.
 */
export function computeCostPico(usage: UsageV1, price: ModelPrice): bigint {
  const tier =
    price.tier && usage.promptTokens > price.tier.thresholdTokens ? price.tier : undefined;
  const inputRate = tier?.inputPico ?? price.inputPico;
  const outputRate = tier?.outputPico ?? price.outputPico;
  const cacheReadRate = tier?.cacheReadPico ?? price.cacheReadPico ?? inputRate;
  const cacheWriteRate = tier?.cacheWritePico ?? price.cacheWritePico ?? inputRate;
  const cacheWrite1hRate = price.cacheWrite1hPico ?? cacheWriteRate;
  const reasoningRate = price.reasoningPico ?? outputRate;

  const cachedRead = tokens(usage.cachedReadTokens);
  const cacheWrite = tokens(usage.cacheWriteTokens);
  const cacheWrite1h = tokens(usage.cacheWrite1hTokens ?? 0);
  const cacheWrite5m = atLeastZero(cacheWrite - cacheWrite1h);
  const reasoning = tokens(usage.reasoningTokens);
  const uncached = atLeastZero(tokens(usage.promptTokens) - cachedRead - cacheWrite);
  const plainOutput = atLeastZero(tokens(usage.completionTokens) - reasoning);

  return (
    uncached * inputRate +
    cachedRead * cacheReadRate +
    cacheWrite5m * cacheWriteRate +
    (cacheWrite - cacheWrite5m) * cacheWrite1hRate +
    plainOutput * outputRate +
    reasoning * reasoningRate
  );
}
