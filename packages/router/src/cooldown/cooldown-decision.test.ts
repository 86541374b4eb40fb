import {
  APIConnectionError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { cooldownEligibleStatus, shouldCoolDown } from './cooldown-decision.js';

const base = { allowedFails: 3, allowedFailsPolicy: undefined };

describe('cooldown decision', () => {
  it('counts 429, 401, 404, 408 and ≥ 500; never other 4xx or connection failures', () => {
    expect(cooldownEligibleStatus(new RateLimitError({ message: 'x' }))).toBe(429);
    expect(cooldownEligibleStatus(new AuthenticationError({ message: 'x' }))).toBe(401);
    expect(cooldownEligibleStatus(new APITimeoutError({ message: 'x' }))).toBe(408);
    expect(cooldownEligibleStatus(new InternalServerError({ message: 'x', status: 529 }))).toBe(
      529,
    );
    expect(cooldownEligibleStatus(new BadRequestError({ message: 'x' }))).toBeUndefined();
    expect(cooldownEligibleStatus(new APIConnectionError({ message: 'refused' }))).toBeUndefined();
    expect(cooldownEligibleStatus(new Error('plain'))).toBeUndefined();
  });

  it('cools down 401/404/429 at once in a group of several, others past allowed_fails', () => {
    const outcomes = { successes: 10, failures: 1 };
    for (const status of [401, 404, 429])
      expect(shouldCoolDown({ ...base, status, error: {}, groupSize: 2, outcomes })).toBe(true);
    const error = new InternalServerError({ message: 'x' });
    expect(
      shouldCoolDown({
        ...base,
        status: 500,
        error,
        groupSize: 2,
        outcomes: { successes: 0, failures: 3 },
      }),
    ).toBe(false);
    expect(
      shouldCoolDown({
        ...base,
        status: 500,
        error,
        groupSize: 2,
        outcomes: { successes: 0, failures: 4 },
      }),
    ).toBe(true);
  });

  it('keeps a single deployment unless all of ≥ 1000 calls this minute failed', () => {
    for (const status of [401, 404, 429, 500])
      expect(
        shouldCoolDown({
          ...base,
          status,
          error: {},
          groupSize: 1,
          outcomes: { successes: 0, failures: 999 },
        }),
      ).toBe(false);
    expect(
      shouldCoolDown({
        ...base,
        status: 500,
        error: {},
        groupSize: 1,
        outcomes: { successes: 1, failures: 1500 },
      }),
    ).toBe(false);
    expect(
      shouldCoolDown({
        ...base,
        status: 500,
        error: {},
        groupSize: 1,
        outcomes: { successes: 0, failures: 1000 },
      }),
    ).toBe(true);
  });
});
