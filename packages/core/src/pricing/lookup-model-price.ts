import type { ModelPrice } from './model-price.js';
import {
  findCaseInsensitiveEntry,
  findExactEntry,
  modelPriceOf,
  type PriceTableEntry,
} from './price-table-index.js';
import { providerAcceptsEntry } from './provider-accepts-entry.js';
import { strippedModelIds } from './stripped-model-ids.js';

/** LiteLLM's key order: `provider/model`, model, the stripped forms, then without `…/`. */
function candidateKeys(modelId: string, provider: string): string[] {
  const keys = [`${provider}/${modelId}`, modelId];
  for (const stripped of strippedModelIds(modelId, provider)) {
    keys.push(`${provider}/${stripped}`, stripped);
  }
  const slash = modelId.indexOf('/');
  if (slash >= 0) keys.push(modelId.slice(slash + 1));
  return keys;
}

function accepted(entry: PriceTableEntry | undefined, provider: string) {
  return entry && providerAcceptsEntry(provider, entry.provider) ? entry : undefined;
}

/**
 * The table's price for `modelId` sent to `provider`, or undefined when it has none (for
 * example OpenAI-compatible servers such as `hosted_vllm`, which have no entries). Each key
 * is tried exactly, then ignoring case; a hit owned by another provider is discarded.
 */
export function lookupModelPrice(modelId: string, provider: string): ModelPrice | undefined {
  for (const key of candidateKeys(modelId, provider)) {
    const entry =
      accepted(findExactEntry(key), provider) ?? accepted(findCaseInsensitiveEntry(key), provider);
    if (entry) return modelPriceOf(entry);
  }
  return undefined;
}
