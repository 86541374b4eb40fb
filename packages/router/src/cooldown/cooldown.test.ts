import { RateLimitError } from '@llmux/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router, routedCallOf } from '../router.js';
import { createScriptedProvider } from '../test/scripted-provider.js';

const scripted = createScriptedProvider('cooldowntest');
const messages = [{ role: 'user' as const, content: 'hi' }];

function deployment(id: string, extra: Record<string, unknown> = {}) {
  return {
    model_name: 'group',
    litellm_params: { model: `cooldowntest/${id}`, ...extra },
    model_info: { id },
  };
}

function router(options: Partial<ConstructorParameters<typeof Router>[0]> = {}, ids = ['a', 'b']) {
  let seed = 7;
  return new Router({
    model_list: ids.map(id => deployment(id)),
    num_retries: 0,
    random: () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    },
    sleep: async () => undefined,
    ...options,
  });
}

const call = (r: Router) =>
  r.completion({ model: 'group', messages }).catch((error: unknown) => error);

describe('cooldowns', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 0, 0));
    scripted.reset();
  });
  afterEach(() => vi.useRealTimers());

  it('cools a deployment down once its failures this minute exceed allowed_fails, and lets it back after cooldown_time', async () => {
    const r = router({ allowed_fails: 2, cooldown_time: 30 });
    scripted.script('a', [], { status: 500 });
    const errors: unknown[] = [];
    // Until a has failed 3 times (> 2), calls keep reaching it.
    while (scripted.calls.filter(model => model === 'a').length < 3) errors.push(await call(r));
    const cooldowns = await r.state.getCooldowns(['a', 'b'], Date.now());
    expect([...cooldowns.keys()]).toEqual(['a']);
    expect(cooldowns.get('a')).toMatchObject({ status: 500, cooldownSeconds: 30 });
    scripted.calls.length = 0;
    for (let index = 0; index < 20; index++) await call(r);
    expect(scripted.calls).toEqual(Array(20).fill('b'));

    vi.advanceTimersByTime(30_000);
    scripted.script('a', []);
    scripted.calls.length = 0;
    for (let index = 0; index < 20; index++) await call(r);
    expect(scripted.calls).toContain('a');
  });

  it('does not cool down at allowed_fails failures or fewer', async () => {
    const r = router({ allowed_fails: 3 });
    scripted.script('a', [{ status: 500 }, { status: 500 }, { status: 500 }]);
    while (scripted.calls.filter(model => model === 'a').length < 3) await call(r);
    expect((await r.state.getCooldowns(['a'], Date.now())).size).toBe(0);
  });

  it.each([429, 401, 404])('cools down at once on %i in a group of two', async status => {
    const r = router();
    scripted.script('a', [], { status });
    while (!scripted.calls.includes('a')) await call(r);
    const cooldown = (await r.state.getCooldowns(['a', 'b'], Date.now())).get('a');
    expect(cooldown?.status).toBe(status);
    expect(cooldown?.untilMs).toBe(Date.now() + 5_000);
  });

  it.each([400, 403, 422])('never cools down on %i', async status => {
    const r = router({ allowed_fails: 0 });
    scripted.script('a', [], { status });
    while (scripted.calls.filter(model => model === 'a').length < 5) await call(r);
    expect((await r.state.getCooldowns(['a'], Date.now())).size).toBe(0);
  });

  it('408 counts toward allowed_fails; a connection error never does', async () => {
    const r = router({ allowed_fails: 0 });
    scripted.script('a', [{ status: 408 }]);
    while (!scripted.calls.includes('a')) await call(r);
    expect((await r.state.getCooldowns(['a'], Date.now())).get('a')?.status).toBe(408);
  });

  it('uses the deployment cooldown_time over the router one; 0 or disable_cooldowns turn it off', async () => {
    const perDeployment = new Router({
      model_list: [deployment('a', { cooldown_time: 60 }), deployment('b')],
      num_retries: 0,
      cooldown_time: 10,
    });
    scripted.script('a', [], { status: 429 });
    while (!scripted.calls.includes('a')) await call(perDeployment);
    expect((await perDeployment.state.getCooldowns(['a'], Date.now())).get('a')?.untilMs).toBe(
      Date.now() + 60_000,
    );
    for (const options of [{ cooldown_time: 0 }, { disable_cooldowns: true }]) {
      scripted.calls.length = 0;
      const r = router(options);
      while (!scripted.calls.includes('a')) await call(r);
      expect((await r.state.getCooldowns(['a'], Date.now())).size).toBe(0);
    }
  });

  it('uses allowed_fails_policy per error class', async () => {
    const r = router({
      allowed_fails_policy: { RateLimitErrorAllowedFails: 100, InternalServerErrorAllowedFails: 1 },
    });
    scripted.script('a', [{ status: 500 }, { status: 500 }]);
    while (scripted.calls.filter(model => model === 'a').length < 2) await call(r);
    expect((await r.state.getCooldowns(['a'], Date.now())).get('a')?.status).toBe(500);
  });

  it('keeps a single-deployment group serving through 500s and 429s (LiteLLM rule)', async () => {
    const r = router({ allowed_fails: 0 }, ['solo']);
    scripted.script('solo', [], { status: 429 });
    for (let index = 0; index < 10; index++) await call(r);
    expect((await r.state.getCooldowns(['solo'], Date.now())).size).toBe(0);
    expect(scripted.calls).toHaveLength(10);
  });

  it('cools a single deployment down after 1000 calls this minute that all failed', async () => {
    const r = router({}, ['solo']);
    scripted.script('solo', [], { status: 500 });
    for (let index = 0; index < 999; index++) await call(r);
    expect((await r.state.getCooldowns(['solo'], Date.now())).size).toBe(0);
    await call(r);
    expect((await r.state.getCooldowns(['solo'], Date.now())).size).toBe(1);
  });

  it('answers a clear 429 when every deployment is cooling down, with the seconds to wait', async () => {
    const r = router({ cooldown_time: 12 });
    scripted.script('a', [], { status: 401 });
    scripted.script('b', [], { status: 401 });
    await call(r);
    await call(r);
    vi.advanceTimersByTime(2_500);
    scripted.calls.length = 0;
    const error = await call(r);
    expect(scripted.calls).toEqual([]);
    expect(RateLimitError.isInstance(error)).toBe(true);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.message).toMatch(
      /^No deployments available for selected model, Try again in 10 seconds\. Passed model=group\. pre-call-checks=False, cooldown_list=\['(a|b)', '(a|b)'\]$/,
    );
    expect(rateLimit.headers['retry-after']).toBe('10');
    expect(routedCallOf(error)).toBeUndefined();
  });
});
