import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from '../router.js';
import { createScriptedProvider } from '../test/scripted-provider.js';

const scripted = createScriptedProvider('budgettest');
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('per-deployment budgets', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 10, 0));
    scripted.reset();
  });
  afterEach(() => vi.useRealTimers());

  it('moves traffic off a deployment once its exact spend reaches max_budget, and back after the window', async () => {
    // 10 prompt tokens × $0.0003 + 5 completion tokens × $0.0001 = $0.0035 a call, exactly.
    const prices = { input_cost_per_token: 0.0003, output_cost_per_token: 0.0001 };
    const router = new Router({
      model_list: [
        {
          model_name: 'group',
          litellm_params: {
            model: 'budgettest/capped',
            max_budget: 0.01,
            budget_duration: '1h',
            order: 1,
            ...prices,
          },
          model_info: { id: 'capped' },
        },
        {
          model_name: 'group',
          litellm_params: { model: 'budgettest/spare', order: 2, ...prices },
          model_info: { id: 'spare' },
        },
      ],
    });
    const route = async () =>
      (await router.completion({ model: 'group', messages })).routed.deployment.id;
    const first = await router.completion({ model: 'group', messages });
    expect(first._hidden_params.response_cost_pico).toBe(3_500_000_000n);
    const seen = [first.routed.deployment.id];
    for (let index = 0; index < 5; index++) seen.push(await route());
    // $0.0035, $0.0070, $0.0105 > $0.01: the fourth call goes elsewhere.
    expect(seen).toEqual(['capped', 'capped', 'capped', 'spare', 'spare', 'spare']);
    const windowStart = Date.UTC(2026, 0, 1, 12, 0, 0);
    const spend = await router.state.getSpend([
      { deploymentId: 'capped', windowStartMs: windowStart },
    ]);
    expect(spend.get('capped')).toBe(10_500_000_000n);

    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 59, 59));
    expect(await route()).toBe('spare');
    vi.setSystemTime(Date.UTC(2026, 0, 1, 13, 0, 0));
    expect(await route()).toBe('capped');
  });

  it('answers 429 with retry-after to the window end when every deployment is over budget', async () => {
    const router = new Router({
      model_list: [
        {
          model_name: 'group',
          litellm_params: {
            model: 'budgettest/only',
            max_budget: 0.000001,
            budget_duration: '1h',
            input_cost_per_token: 0.001,
          },
        },
      ],
    });
    await router.completion({ model: 'group', messages });
    const error = await router.completion({ model: 'group', messages }).catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(429);
    expect((error as { headers: Record<string, string> }).headers['retry-after']).toBe('3000');
  });
});
