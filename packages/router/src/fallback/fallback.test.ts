import {
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  type ModelResponse,
} from '@llmux/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { attemptedFallbackGroupsOf, type RoutedCall, Router, routedCallOf } from '../router.js';
import type { RouterOptions } from '../router-options.js';
import { createScriptedProvider } from '../test/scripted-provider.js';

const scripted = createScriptedProvider('fallbacktest');
const messages = [{ role: 'user' as const, content: 'hi' }];
const groups = ['main', 'big', 'safe', 'one', 'two', 'three', 'spare'];

function setup(options: Partial<RouterOptions> = {}) {
  const router = new Router({
    model_list: groups.map(group => ({
      model_name: group,
      litellm_params: { model: `fallbacktest/${group}` },
      model_info: { id: group },
    })),
    num_retries: 0,
    sleep: async () => undefined,
    ...options,
  });
  const call = (model = 'main') =>
    router.completion({ model, messages }).catch((error: unknown) => error) as Promise<
      (ModelResponse & { routed: RoutedCall }) | Error
    >;
  return { router, call };
}

describe('fallbacks', () => {
  beforeEach(() => scripted.reset());

  it('tries the group fallbacks in order after the retries are spent', async () => {
    const { call } = setup({ num_retries: 1, fallbacks: [{ main: ['one', 'two', 'three'] }] });
    scripted.script('main', [], { status: 500 });
    scripted.script('one', [], { status: 500 });
    const response = await call();
    expect(scripted.calls).toEqual(['main', 'main', 'one', 'one', 'two']);
    if (response instanceof Error) throw response;
    expect(response.routed).toMatchObject({
      modelGroup: 'two',
      attemptedFallbacks: 1,
      attemptedRetries: 0,
    });
    expect(response.routed.deployment.id).toBe('two');
    expect(response.choices[0]?.message.content).toBe('from two');
  });

  it('uses context_window_fallbacks for ContextWindowExceededError', async () => {
    const { call } = setup({
      fallbacks: [{ main: ['one'] }],
      context_window_fallbacks: [{ main: ['big'] }],
    });
    scripted.script('main', [{ error: new ContextWindowExceededError({ message: 'too long' }) }]);
    const response = await call();
    expect(scripted.calls).toEqual(['main', 'big']);
    expect(response instanceof Error ? response : response.routed.modelGroup).toBe('big');
  });

  it('uses content_policy_fallbacks for ContentPolicyViolationError', async () => {
    const { call } = setup({
      fallbacks: [{ main: ['one'] }],
      content_policy_fallbacks: [{ main: ['safe'] }],
    });
    scripted.script('main', [{ error: new ContentPolicyViolationError({ message: 'no' }) }]);
    await call();
    expect(scripted.calls).toEqual(['main', 'safe']);
  });

  it('falls back to the regular list when the special list has no entry', async () => {
    const { call } = setup({
      fallbacks: [{ main: ['one'] }],
      context_window_fallbacks: [{ other: ['big'] }],
    });
    scripted.script('main', [{ error: new ContextWindowExceededError({ message: 'too long' }) }]);
    await call();
    expect(scripted.calls).toEqual(['main', 'one']);
  });

  it('uses "*" when the group has no entry, then default_fallbacks', async () => {
    const wildcard = setup({ fallbacks: [{ '*': ['spare'] }], default_fallbacks: ['three'] });
    scripted.script('main', [{ status: 500 }]);
    await wildcard.call();
    expect(scripted.calls).toEqual(['main', 'spare']);

    scripted.reset();
    const defaults = setup({ default_fallbacks: ['three'] });
    scripted.script('main', [{ status: 500 }]);
    await defaults.call();
    expect(scripted.calls).toEqual(['main', 'three']);
  });

  it('lets request fallbacks take precedence', async () => {
    const { router } = setup({ fallbacks: [{ main: ['one'] }] });
    scripted.script('main', [{ status: 500 }]);
    const response = await router.completion({ model: 'main', messages, fallbacks: ['two'] });
    expect(response.routed.modelGroup).toBe('two');
    expect(scripted.calls).toEqual(['main', 'two']);
  });

  it('chains fallbacks of fallbacks up to max_fallbacks deep', async () => {
    const { call } = setup({
      max_fallbacks: 2,
      fallbacks: [{ main: ['one'] }, { one: ['two'] }, { two: ['three'] }],
    });
    for (const group of ['main', 'one', 'two']) scripted.script(group, [], { status: 500 });
    const error = await call();
    expect(scripted.calls).toEqual(['main', 'one', 'two']);
    expect(InternalServerError.isInstance(error)).toBe(true);
  });

  it('re-raises the original error with the fallbacks tried when all fail', async () => {
    const { call } = setup({ fallbacks: [{ main: ['one', 'two'] }] });
    for (const group of ['main', 'one'])
      scripted.script(group, [], { status: 500, message: group });
    scripted.script('two', [], { status: 503, message: 'two' });
    const error = await call();
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "main\nReceived Model Group=main\nAvailable Model Group Fallbacks=['one', 'two']",
    );
    expect(attemptedFallbackGroupsOf(error)).toEqual(['one', 'two']);
    expect(routedCallOf(error)?.modelGroup).toBe('main');
  });

  it('falls back when every deployment of the group is cooling down', async () => {
    const { call } = setup({ fallbacks: [{ main: ['one'] }] });
    scripted.script('main', [{ status: 401 }]);
    await call();
    // main (one deployment) is not cooled down by a 401 (LiteLLM's single-deployment rule) …
    scripted.reset();
    const { router } = setup({ fallbacks: [{ main: ['one'] }] });
    await router.state.setCooldown(
      'main',
      { exception: 'x', status: 500, timestampMs: Date.now(), cooldownSeconds: 5 },
      5_000,
      Date.now(),
    );
    // … but one that is cooling down sends the call to the fallback.
    const response = await router.completion({ model: 'main', messages });
    expect(response.routed.modelGroup).toBe('one');
    expect(scripted.calls).toEqual(['one']);
  });
});
