import { indexPriceTable } from '../pricing/price-table-index.js';
import { prepareUpstreamPool } from '../utils/pooled-request.js';
import { getProvider } from './provider-registry.js';

export interface WarmUpOptions {
  /** Provider prefixes (`openai`, `anthropic`, …) whose packages to load now. */
  providers?: Iterable<string> | undefined;
}

export interface WarmUpResult {
  /** Providers that could not be loaded, and why (e.g. their package is not installed). */
  failed: Array<{ provider: string; message: string }>;
}

/**
 * Loads now what the first call would otherwise load while it waits: undici's connection
 * pool (its files are read synchronously: ~100 file reads and 20–35 ms that hold the event
 * loop), the price table's index (a few ms) and the named providers' packages. Optional:
 * each also loads on first use. The CLI runs it before the gateway takes requests.
 *
 * @example
 * const { failed } = await warmUp({ providers: ['openai', 'anthropic'] });
 * for (const { provider, message } of failed) console.warn(provider, message);
 */
export async function warmUp(options: WarmUpOptions = {}): Promise<WarmUpResult> {
  prepareUpstreamPool();
  indexPriceTable();
  const failed: WarmUpResult['failed'] = [];
  for (const provider of new Set(options.providers)) {
    try {
      await getProvider(provider);
    } catch (error) {
      failed.push({ provider, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { failed };
}
