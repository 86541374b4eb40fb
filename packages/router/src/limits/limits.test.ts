import { RateLimitError } from '@llmux/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from '../router.js';
import { createScriptedProvider } from '../test/scripted-provider.js';

const scripted = createScriptedProvider('limitstest');
const messages = [{ role: 'user' as const, content: 'hi' }];

function deployment(id: string, extra: Record<string, unknown> = {}) {
  return {
    model_name: 'group',
    litellm_params: { model: `limitstest/${id}`, ...extra },
    model_info: { id },
  };
}

describe('rpm / tpm limits', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 0, 15));
    scripted.reset();
  });
  afterEach(() => vi.useRealTimers());

  it('sends exactly rpm: 60 of a 200-request burst to the limited deployment, the rest elsewhere', async () => {
    for (const strategy of ['simple-shuffle', 'least-busy', 'usage-based-routing-v2'] as const) {
      scripted.reset();
      const router = new Router({
        model_list: [
          deployment('limited', { rpm: 60, weight: 10 }),
          deployment('open', { rpm: 100_000, weight: 1 }),
        ],
        routing_strategy: strategy,
        sleep: async () => undefined,
      });
      const burst = Array.from({ length: 200 }, () =>
        router.completion({ model: 'group', messages }),
      );
      const responses = await Promise.all(burst);
      const limited = responses.filter(response => response.routed.deployment.id === 'limited');
      expect(limited, strategy).toHaveLength(60);
      expect(scripted.calls.filter(model => model === 'limited')).toHaveLength(60);
      expect(scripted.calls.filter(model => model === 'open')).toHaveLength(140);
    }
  });

  it('answers 429 with retry-after to the next minute once every deployment is at its limit', async () => {
    const router = new Router({ model_list: [deployment('limited', { rpm: 60 })] });
    const burst = Array.from({ length: 200 }, () =>
      router.completion({ model: 'group', messages }).catch((error: unknown) => error),
    );
    const results = await Promise.all(burst);
    const rejected = results.filter(result =>
      RateLimitError.isInstance(result),
    ) as RateLimitError[];
    expect(results.length - rejected.length).toBe(60);
    expect(rejected).toHaveLength(140);
    expect(rejected[0]?.status).toBe(429);
    expect(rejected[0]?.headers['retry-after']).toBe('45');
    expect(scripted.calls).toHaveLength(60);

    vi.advanceTimersByTime(45_000);
    const next = await router.completion({ model: 'group', messages });
    expect(next.routed.deployment.id).toBe('limited');
  });

  it('skips a deployment whose tpm is used up this minute', async () => {
    const router = new Router({
      model_list: [deployment('small', { tpm: 30, order: 1 }), deployment('large', { order: 2 })],
    });
    const seen: string[] = [];
    for (let index = 0; index < 4; index++)
      seen.push((await router.completion({ model: 'group', messages })).routed.deployment.id);
    // Each scripted call uses 15 tokens: two fill small's 30.
    expect(seen).toEqual(['small', 'small', 'large', 'large']);
  });
});
