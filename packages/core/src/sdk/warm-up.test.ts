import { describe, expect, it } from 'vitest';
import { priceTableIndexed } from '../pricing/price-table-index.js';
import { upstreamPoolReady } from '../utils/pooled-request.js';
import { registeredProvider } from './provider-registry.js';
import { warmUp } from './warm-up.js';

describe('warmUp', () => {
  it('loads the upstream pool, the price index and the named providers; reports the rest', async () => {
    expect(upstreamPoolReady()).toBe(false);
    expect(priceTableIndexed()).toBe(false);
    expect(registeredProvider('openai')).toBeUndefined();

    const result = await warmUp({ providers: ['openai', 'nosuchprovider', 'openai'] });

    expect(upstreamPoolReady()).toBe(true);
    expect(priceTableIndexed()).toBe(true);
    expect(registeredProvider('openai')?.provider).toBe('openai');
    expect(result.failed).toEqual([
      {
        provider: 'nosuchprovider',
        message: expect.stringContaining("Unknown provider 'nosuchprovider'"),
      },
    ]);
  });

  it('with nothing named, answers no failures', async () => {
    await expect(warmUp()).resolves.toEqual({ failed: [] });
  });
});
