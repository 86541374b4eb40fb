import { APIConnectionError, ContextWindowExceededError } from '@llmux/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from './router.js';
import { createInMemoryRouterState } from './state/in-memory-router-state.js';
import type { MaybePromise, RouterState } from './state/router-state.js';
import { createScriptedProvider } from './test/scripted-provider.js';

const scripted = createScriptedProvider('accountingtest');
const messages = [{ role: 'user' as const, content: 'hi' }];

function deployment(id: string, extra: Record<string, unknown> = {}, modelName = 'group') {
  return {
    model_name: modelName,
    litellm_params: { model: `accountingtest/${id}`, ...extra },
    model_info: { id },
  };
}

describe('router accounting and selection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1, 9, 0, 0));
    scripted.reset();
  });
  afterEach(() => vi.useRealTimers());

  it('counts requests, tokens, outcomes and latency of a call when limits and the strategy read them', async () => {
    const router = new Router({
      model_list: [deployment('a', { rpm: 100, tpm: 10_000 })],
      routing_strategy: 'latency-based-routing',
    });
    const response = await router.completion({ model: 'group', messages });
    expect(response.routed).toMatchObject({
      modelGroup: 'group',
      attemptedRetries: 0,
      attemptedFallbacks: 0,
    });
    const now = Date.now();
    expect((await router.state.getUsage(['a'], now)).get('a')).toEqual({ requests: 1, tokens: 15 });
    expect((await router.state.getLatencies(['a'])).get('a')).toHaveLength(1);
    expect(await router.state.recordOutcome('a', 'success', now)).toEqual({
      successes: 2,
      failures: 0,
    });
  });

  it('keeps only the outcome when no limit and no strategy reads the rest (simple-shuffle)', async () => {
    const state = createInMemoryRouterState();
    const written: string[] = [];
    const spy =
      <A extends unknown[], R>(name: string, write: (...args: A) => R) =>
      (...args: A): R => {
        written.push(name);
        return write(...args);
      };
    const router = new Router({
      model_list: [deployment('a'), deployment('b')],
      state: {
        ...state,
        tryTakeRequest: spy('tryTakeRequest', state.tryTakeRequest),
        getUsage: spy('getUsage', state.getUsage),
        addTokens: spy('addTokens', state.addTokens),
        addInFlight: spy('addInFlight', state.addInFlight),
        recordLatency: spy('recordLatency', state.recordLatency),
        recordOutcome: spy('recordOutcome', state.recordOutcome),
      },
    });
    const response = await router.completion({ model: 'group', messages });
    expect(written).toEqual(['recordOutcome']);
    const id = response.routed.deployment.id;
    expect(state.recordOutcome(id, 'success', Date.now())).toEqual({ successes: 2, failures: 0 });
  });

  it('keeps a stream in flight until it ends, then counts its tokens and spend', async () => {
    const router = new Router({
      model_list: [
        deployment('a', {
          max_budget: 1,
          budget_duration: '1d',
          input_cost_per_token: 0.001,
          output_cost_per_token: 0.002,
          rpm: 100,
          tpm: 10_000,
        }),
      ],
      routing_strategy: 'least-busy',
    });
    const stream = await router.completion({ model: 'group', messages, stream: true });
    expect(stream.routed.deployment.id).toBe('a');
    expect((await router.state.getInFlight(['a'])).get('a')).toBe(1);
    vi.advanceTimersByTime(250);
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(0);
    await stream.done;
    await vi.waitFor(async () =>
      expect((await router.state.getInFlight(['a'])).get('a') ?? 0).toBe(0),
    );
    const now = Date.now();
    expect((await router.state.getUsage(['a'], now)).get('a')).toEqual({ requests: 1, tokens: 15 });
    const spend = await router.state.getSpend([
      { deploymentId: 'a', windowStartMs: Date.UTC(2026, 0, 1) },
    ]);
    // 10 × $0.001 + 5 × $0.002 = $0.02
    expect(spend.get('a')).toBe(20_000_000_000n);
  });

  it("records a stream's time to first token for latency-based routing", async () => {
    const router = new Router({
      model_list: [deployment('a')],
      routing_strategy: 'latency-based-routing',
    });
    const stream = await router.completion({ model: 'group', messages, stream: true });
    vi.advanceTimersByTime(250);
    for await (const _chunk of stream) {
      // read to the end
    }
    await stream.done;
    const samples = (await router.state.getLatencies(['a'])).get('a') ?? [];
    expect(samples[0]?.timeToFirstTokenSeconds).toBe(0.25);
  });

  it('counts a stream that breaks mid-way as a failure of its deployment', async () => {
    const router = new Router({ model_list: [deployment('a')] });
    const cut = new APIConnectionError({ message: 'cut', llmProvider: 'accountingtest' });
    scripted.script('a', [{ text: 'partial', breakWith: cut }]);
    const stream = await router.completion({ model: 'group', messages, stream: true });
    const read = (async () => {
      for await (const _chunk of stream) {
        // read to the break
      }
    })();
    await expect(read).rejects.toBe(cut);
    await stream.done;
    await vi.waitFor(async () =>
      expect(await router.state.recordOutcome('a', 'success', Date.now())).toMatchObject({
        failures: 1,
      }),
    );
  });

  it('resolves model_group_alias and embeds through a group', async () => {
    const router = new Router({
      model_list: [
        deployment('e', { mock_response: 'x', model: 'openai/text-embedding-3-small' }, 'embed'),
      ],
      model_group_alias: { vectors: 'embed' },
    });
    const result = await router.embedding({ model: 'vectors', input: ['one'] });
    expect(result.routed.modelGroup).toBe('embed');
    expect(result.data).toHaveLength(1);
  });

  it('drops deployments whose context window is too small (enable_pre_call_checks)', async () => {
    const router = new Router({
      model_list: [
        { ...deployment('small'), model_info: { id: 'small', max_input_tokens: 5 } },
        { ...deployment('large'), model_info: { id: 'large', max_input_tokens: 100_000 } },
      ],
      enable_pre_call_checks: true,
    });
    for (let index = 0; index < 10; index++)
      expect(
        (
          await router.completion({
            model: 'group',
            messages: [{ role: 'user', content: 'a fairly long prompt here' }],
          })
        ).routed.deployment.id,
      ).toBe('large');
    const tooSmall = new Router({
      model_list: [{ ...deployment('small'), model_info: { id: 'small', max_input_tokens: 5 } }],
      enable_pre_call_checks: true,
      num_retries: 0,
    });
    const error = await tooSmall
      .completion({
        model: 'group',
        messages: [{ role: 'user', content: 'a fairly long prompt here' }],
      })
      .catch((caught: unknown) => caught);
    expect(ContextWindowExceededError.isInstance(error)).toBe(true);
  });

  it('routes by tags when enable_tag_filtering is on', async () => {
    const router = new Router({
      model_list: [deployment('free', { tags: ['free'] }), deployment('paid', { tags: ['paid'] })],
      enable_tag_filtering: true,
    });
    for (let index = 0; index < 10; index++) {
      const response = await router.completion({
        model: 'group',
        messages,
        metadata: { tags: ['paid'] },
      });
      expect(response.routed.deployment.id).toBe('paid');
    }
  });

  it('keeps to the lowest order tier while it is healthy', async () => {
    const router = new Router({
      model_list: [deployment('primary', { order: 1 }), deployment('backup', { order: 2 })],
      num_retries: 1,
      sleep: async () => undefined,
    });
    for (let index = 0; index < 5; index++)
      expect((await router.completion({ model: 'group', messages })).routed.deployment.id).toBe(
        'primary',
      );
    scripted.script('primary', [], { status: 401 });
    const response = await router.completion({ model: 'group', messages });
    expect(response.routed).toMatchObject({ attemptedRetries: 1 });
    expect(response.routed.deployment.id).toBe('backup');
  });

  it('uses the routing strategy (least-busy picks the idle deployment)', async () => {
    const router = new Router({
      model_list: [deployment('a'), deployment('b')],
      routing_strategy: 'least-busy',
    });
    await router.state.addInFlight('a', 1);
    for (let index = 0; index < 5; index++)
      expect((await router.completion({ model: 'group', messages })).routed.deployment.id).toBe(
        'b',
      );
  });

  it('calls the upstream without waiting for the in-flight count, answers without waiting for the bookkeeping, and close() waits for it', async () => {
    // A state whose writes finish only when the test releases them, as a slow Redis would.
    const memory = createInMemoryRouterState();
    const { state, pending, releaseAll, pendingAtClose } = gatedState(memory);
    const router = new Router({
      model_list: [deployment('a')],
      routing_strategy: 'least-busy',
      state,
    });
    const response = await router.completion({ model: 'group', messages });
    expect(response.routed.deployment.id).toBe('a');
    expect(scripted.calls).toEqual(['a']);
    // Answered with the in-flight increment and the outcome still on their way.
    expect([...pending].sort()).toEqual(['addInFlight', 'recordOutcome']);
    let closed = false;
    const closing = router.close().then(() => {
      closed = true;
    });
    releaseAll();
    // The decrement is sent once the increment has landed.
    await vi.waitFor(() => expect(pending).toEqual(['addInFlight']));
    expect(closed).toBe(false);
    expect((await memory.getInFlight(['a'])).get('a') ?? 0).toBe(0);
    expect(memory.recordOutcome('a', 'success', Date.now())).toEqual({ successes: 2, failures: 0 });
    releaseAll();
    await closing;
    // The state was closed once nothing was left on its way.
    expect(pendingAtClose).toEqual([[]]);
  });

  it('waits for the bookkeeping before answering when it feeds a tpm limit', async () => {
    const memory = createInMemoryRouterState();
    const { state, pending, releaseAll } = gatedState(memory);
    const router = new Router({ model_list: [deployment('a', { tpm: 10_000 })], state });
    let settled = false;
    const answered = router.completion({ model: 'group', messages }).finally(() => {
      settled = true;
    });
    await vi.waitFor(() => expect([...pending].sort()).toEqual(['addTokens', 'recordOutcome']));
    expect(settled).toBe(false);
    releaseAll();
    await answered;
    expect((await memory.getUsage(['a'], Date.now())).get('a')?.tokens).toBe(15);
  });

  it('answers a call whose bookkeeping throws synchronously, and logs it', async () => {
    const memory = createInMemoryRouterState();
    const warnings: string[] = [];
    const state: RouterState = {
      ...memory,
      recordLatency: () => {
        throw new Error('latency ring broken');
      },
    };
    const router = new Router({
      model_list: [deployment('a')],
      routing_strategy: 'latency-based-routing',
      state,
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (_fields, message) => {
          warnings.push(message ?? '');
        },
      },
    });
    const response = await router.completion({ model: 'group', messages });
    expect(response.routed.deployment.id).toBe('a');
    expect(warnings).toEqual(['router state: recording latency failed']);
    expect(memory.recordOutcome('a', 'success', Date.now())).toEqual({ successes: 2, failures: 0 });
  });
});

/** The state's writes finish only when the test releases them (`releaseAll`), as a slow Redis's would. */
function gatedState(memory: ReturnType<typeof createInMemoryRouterState>) {
  const pending: string[] = [];
  const pendingAtClose: string[][] = [];
  const gates: Array<() => void> = [];
  const gated =
    <A extends unknown[], R>(name: string, write: (...args: A) => MaybePromise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await write(...args);
      pending.push(name);
      await new Promise<void>(release => gates.push(release));
      pending.splice(pending.indexOf(name), 1);
      return result;
    };
  const state: RouterState = {
    ...memory,
    addInFlight: gated('addInFlight', memory.addInFlight),
    recordOutcome: gated('recordOutcome', memory.recordOutcome),
    recordLatency: gated('recordLatency', memory.recordLatency),
    addTokens: gated('addTokens', memory.addTokens),
    close: async () => {
      pendingAtClose.push([...pending]);
    },
  };
  const releaseAll = (): void => {
    for (const release of gates.splice(0)) release();
  };
  return { state, pending, releaseAll, pendingAtClose };
}
