import { llmuxProviderId } from './llmux-provider-id.js';
import { findExactEntry } from './price-table-index.js';

/**
 * The llmux provider of a model given without a prefix (`gpt-4o` → `openai`,
 * `claude-sonnet-4-20250514` → `anthropic`, `gemini-2.0-flash` → `vertex_ai`), read from the
 * price table entry with exactly that key; undefined when the table has none.
 */
export function inferProviderFromModel(modelId: string): string | undefined {
  const entry = findExactEntry(modelId);
  return entry?.provider ? llmuxProviderId(entry.provider) : undefined;
}
