import {
  AuthenticationError,
  ContextWindowExceededError,
  InternalServerError,
  NotFoundError,
} from '@llmux/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { Router, routedCallOf } from '../router.js';
import type { RouterOptions } from '../router-options.js';
import { createScriptedProvider } from '../test/scripted-provider.js';

const scripted = createScriptedProvider('retrytest');
const messages = [{ role: 'user' as const, content: 'hi' }];

function setup(options: Partial<RouterOptions> = {}, ids = ['solo']) {
  const sleeps: number[] = [];
  const router = new Router({
    model_list: ids.map(id => ({
      model_name: 'group',
      litellm_params: { model: `retrytest/${id}` },
      model_info: { id },
    })),
    random: () => 0.5,
    sleep: async ms => {
      sleeps.push(ms);
    },
    ...options,
  });
  const call = () => router.completion({ model: 'group', messages }).catch((e: unknown) => e);
  return { router, sleeps, call };
}

describe('retries', () => {
  beforeEach(() => scripted.reset());

  it('retries num_retries times (LiteLLM default 2) with exponential backoff and jitter', async () => {
    const { sleeps, call } = setup();
    scripted.script('solo', [], { status: 500 });
    const error = await call();
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(scripted.calls).toHaveLength(3);
    // 0.5 s × 2^n × (0.75 + 0.25 × 0.5)
    expect(sleeps).toEqual([438, 875]);
    expect(routedCallOf(error)?.attemptedRetries).toBe(2);
  });

  it('answers after a retry and reports it', async () => {
    const { call, sleeps } = setup({ num_retries: 3 });
    scripted.script('solo', [{ status: 503 }, { status: 500 }]);
    const response = (await call()) as Awaited<ReturnType<Router['completion']>>;
    expect(response.routed.attemptedRetries).toBe(2);
    expect(response._hidden_params.attempted_retries).toBe(2);
    expect(sleeps).toHaveLength(2);
  });

  it('request num_retries wins over the router, and the backoff caps at 8 s', async () => {
    const { router, sleeps } = setup({ num_retries: 1 });
    scripted.script('solo', [], { status: 500 });
    await router
      .completion({ model: 'group', messages, num_retries: 6 })
      .catch((error: unknown) => error);
    expect(scripted.calls).toHaveLength(7);
    expect(sleeps).toEqual([438, 875, 1750, 3500, 7000, 7000]);
  });

  it('honours the upstream retry-after (≤ 60 s) and retry_after as a minimum', async () => {
    const honoured = setup({ num_retries: 1 });
    scripted.script('solo', [{ status: 429, headers: { 'retry-after': '7' } }]);
    await honoured.call();
    expect(honoured.sleeps).toEqual([7000]);

    scripted.reset();
    const tooLong = setup({ num_retries: 1 });
    scripted.script('solo', [{ status: 429, headers: { 'retry-after': '120' } }]);
    await tooLong.call();
    expect(tooLong.sleeps).toEqual([438]);

    scripted.reset();
    const minimum = setup({ num_retries: 2, retry_after: 3 });
    scripted.script('solo', [], { status: 500 });
    await minimum.call();
    expect(minimum.sleeps).toEqual([3000, 3000]);
  });

  it('moves a retry to another healthy deployment without waiting', async () => {
    const { call, sleeps } = setup({ num_retries: 2 }, ['a', 'b']);
    scripted.script('a', [], { status: 500 });
    scripted.script('b', [], { status: 500 });
    const error = await call();
    expect(scripted.calls.slice(0, 2).sort()).toEqual(['a', 'b']);
    expect(scripted.calls).toHaveLength(3);
    expect(sleeps).toEqual([0, 0].filter(() => false));
    expect(InternalServerError.isInstance(error)).toBe(true);
  });

  it('retry_policy sets the count per error class (no retry on AuthenticationError)', async () => {
    const { call } = setup({
      num_retries: 4,
      retry_policy: { AuthenticationErrorRetries: 0, InternalServerErrorRetries: 1 },
    });
    scripted.script('solo', [], { status: 401 });
    expect(AuthenticationError.isInstance(await call())).toBe(true);
    expect(scripted.calls).toHaveLength(1);
    scripted.reset();
    scripted.script('solo', [], { status: 500 });
    await call();
    expect(scripted.calls).toHaveLength(2);
    scripted.reset();
    scripted.script('solo', [], { status: 400 });
    await call();
    expect(scripted.calls).toHaveLength(5);
  });

  it('model_group_retry_policy wins over retry_policy', async () => {
    const { call } = setup({
      retry_policy: { RateLimitErrorRetries: 5 },
      model_group_retry_policy: { group: { RateLimitErrorRetries: 1 } },
    });
    scripted.script('solo', [], { status: 429 });
    await call();
    expect(scripted.calls).toHaveLength(2);
  });

  it('never retries NotFoundError, or an AuthenticationError in a one-deployment group', async () => {
    const { call } = setup({ num_retries: 3 });
    scripted.script('solo', [], { status: 404 });
    expect(NotFoundError.isInstance(await call())).toBe(true);
    expect(scripted.calls).toHaveLength(1);
    scripted.reset();
    scripted.script('solo', [], { status: 401 });
    await call();
    expect(scripted.calls).toHaveLength(1);
  });

  it('does not retry a ContextWindowExceededError when context_window_fallbacks exist', async () => {
    const cwe = new ContextWindowExceededError({ message: 'too long' });
    const without = setup({ num_retries: 2 });
    scripted.script('solo', [], { error: cwe });
    await without.call();
    expect(scripted.calls).toHaveLength(3);
    scripted.reset();
    const withFallbacks = setup({
      num_retries: 2,
      context_window_fallbacks: [{ group: ['other'] }],
    });
    scripted.script('solo', [], { error: cwe });
    await withFallbacks.call();
    expect(scripted.calls).toHaveLength(1);
  });

  it('stops retrying when no healthy deployment is left and re-raises the call error', async () => {
    const { call } = setup({ num_retries: 5 }, ['a', 'b']);
    scripted.script('a', [], { status: 401 });
    scripted.script('b', [], { status: 401 });
    const error = await call();
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(scripted.calls.sort()).toEqual(['a', 'b']);
  });

  it('makes core call once per attempt (core num_retries 0)', async () => {
    const { router } = setup({ num_retries: 0 });
    scripted.script('solo', [], { status: 500 });
    await router
      .completion({ model: 'group', messages, fallbacks: [] })
      .catch((error: unknown) => error);
    expect(scripted.calls).toHaveLength(1);
  });
});
