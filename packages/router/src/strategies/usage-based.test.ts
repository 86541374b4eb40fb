import { RateLimitError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { makeContext, makeDeployments, tally } from './routing-context.test-helper.js';
import { createUsageBasedStrategy, hasMinuteHeadroom } from './usage-based.js';

const minuteStart = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('usage-based-routing-v2', () => {
  const strategy = createUsageBasedStrategy({ now: () => minuteStart + 45_500 });

  it('needs the minute usage', () => {
    expect(strategy.name).toBe('usage-based-routing-v2');
    expect(strategy.needs).toEqual({ usage: true });
  });

  it('picks the lowest current-minute tpm', () => {
    const list = makeDeployments([{ tpm: 10_000 }, { tpm: 10_000 }, {}]);
    const usage = {
      d0: { requests: 1, tokens: 500 },
      d1: { requests: 9, tokens: 200 },
      d2: { requests: 2, tokens: 300 },
    };
    expect(strategy.pick(makeContext(list, { usage })).id).toBe('d1');
  });

  it('counts a deployment without usage as 0 and breaks ties at random', () => {
    const list = makeDeployments([{}, {}, {}]);
    const context = makeContext(list, { usage: { d0: { requests: 1, tokens: 10 } } });
    const counts = tally(() => strategy.pick(context), 1000);
    expect(counts.get('d0')).toBeUndefined();
    expect(counts.get('d1')).toBeGreaterThan(400);
    expect(counts.get('d2')).toBeGreaterThan(400);
  });

  it('skips deployments without tpm headroom for the prompt', () => {
    const list = makeDeployments([{ tpm: 1000 }, { tpm: 100_000 }]);
    const usage = { d0: { requests: 1, tokens: 100 }, d1: { requests: 1, tokens: 5000 } };
    expect(strategy.pick(makeContext(list, { usage, inputTokens: 900 })).id).toBe('d0');
    expect(strategy.pick(makeContext(list, { usage, inputTokens: 901 })).id).toBe('d1');
  });

  it('skips deployments without rpm headroom', () => {
    const list = makeDeployments([{ rpm: 5 }, { rpm: 100 }]);
    const usage = { d0: { requests: 5, tokens: 0 }, d1: { requests: 50, tokens: 9000 } };
    expect(strategy.pick(makeContext(list, { usage })).id).toBe('d1');
    expect(hasMinuteHeadroom(list[0]!, { requests: 4, tokens: 0 }, 0)).toBe(true);
    expect(hasMinuteHeadroom(list[0]!, { requests: 5, tokens: 0 }, 0)).toBe(false);
  });

  it('throws a 429 with retry-after to the next minute when none has headroom', () => {
    const list = makeDeployments([{ rpm: 1 }, { tpm: 10 }]);
    const usage = { d0: { requests: 1, tokens: 0 }, d1: { requests: 0, tokens: 10 } };
    let caught: unknown;
    try {
      strategy.pick(makeContext(list, { usage, inputTokens: 1 }));
    } catch (error) {
      caught = error;
    }
    expect(RateLimitError.isInstance(caught)).toBe(true);
    const error = caught as RateLimitError;
    expect(error.status).toBe(429);
    expect(error.headers['retry-after']).toBe('15');
    expect(error.message).toMatch(/No deployments available for selected model=group/);
  });
});
