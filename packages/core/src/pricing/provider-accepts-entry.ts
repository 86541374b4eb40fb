import { llmuxProviderId } from './llmux-provider-id.js';

/** Providers that route to any upstream, so any entry may price them (LiteLLM). */
const ROUTE_ANYWHERE = new Set(['litellm_proxy', 'github']);

/**
 * Whether a price entry owned by `entryProvider` may price a request sent to `provider`.
 * LiteLLM discards hits from another provider except these mismatches: any `vertex_ai*`,
 * `bedrock*` or `fireworks_ai*` label within its family, `text-completion-openai` for
 * `openai`, and `azure_ai` using `azure` or `openai` entries.
 */
export function providerAcceptsEntry(provider: string, entryProvider: string): boolean {
  if (provider === entryProvider || ROUTE_ANYWHERE.has(provider)) return true;
  const requested = llmuxProviderId(provider);
  const owner = llmuxProviderId(entryProvider);
  if (requested === owner) return true;
  return requested === 'azure_ai' && (owner === 'azure' || owner === 'openai');
}
