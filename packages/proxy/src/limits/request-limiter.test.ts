import { describe, expect, it } from 'vitest';
import { testCachedKey } from '../keys/test-cached-key.js';
import type { EndUserLimits, KeyModelBudget, TeamLimits } from './limit-subjects.js';
import { createRequestLimiter } from './request-limiter.js';
import { noBudget } from './test-no-budget.js';

const key = testCachedKey;

/** A budget holder; also a team (unblocked, every model allowed). */
function holder(id: string, fields: Partial<TeamLimits> = {}): TeamLimits {
  return {
    id,
    ...noBudget,
    blocked: false,
    maxParallelRequests: null,
    models: [],
    ...fields,
  };
}

function endUser(id: string, fields: Partial<EndUserLimits> = {}): EndUserLimits {
  return { ...holder(id), blocked: false, ...fields };
}

const minuteStart = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('request limiter', () => {
  it('works out the worst case only when a budget applies, and reserves it then', () => {
    const limiter = createRequestLimiter();
    let asked = 0;
    const worstCase = (): bigint => {
      asked += 1;
      return 60n;
    };
    limiter.admit({ key: key() }, worstCase).settle(0n, 0);
    expect(asked).toBe(0);
    const budgeted = key({ token: 'token-b', maxBudgetPico: 100n });
    const first = limiter.admit({ key: budgeted }, worstCase);
    expect(asked).toBe(1);
    // 60 reserved of 100 still admits one more; at 120 reserved the next is refused.
    const second = limiter.admit({ key: budgeted }, worstCase);
    expect(() => limiter.admit({ key: budgeted }, worstCase)).toThrow(/Budget has been exceeded/);
    first.settle(10n, 0);
    second.settle(10n, 0);
    limiter.admit({ key: budgeted }, worstCase).settle(0n, 0);
    expect(asked).toBe(4);
  });

  it('a team trips at spend > max_budget (a key at >=), with LiteLLM messages', () => {
    const limiter = createRequestLimiter();
    const team = holder('research', { spendPico: 100n, maxBudgetPico: 100n });
    // At the budget: a team still admits (spend > budget trips), a key does not.
    limiter.admit({ team }, 0n).settle(0n, 0);
    expect(() => limiter.admit({ key: key({ spendPico: 100n, maxBudgetPico: 100n }) }, 0n)).toThrow(
      expect.objectContaining({ status: 429, type: 'budget_exceeded' }),
    );
    limiter.admit({ team }, 0n).settle(1n, 0);
    expect(() => limiter.admit({ team }, 0n)).toThrow(
      expect.objectContaining({
        status: 429,
        type: 'budget_exceeded',
        message:
          'Budget has been exceeded! Team=research Current cost: 1.01e-10, Max budget: 1e-10',
      }),
    );
  });

  it('user and end-user budgets trip at spend > max_budget with their own messages', () => {
    const limiter = createRequestLimiter();
    const user = holder('alice', {
      spendPico: 2_000_000_000_001n,
      maxBudgetPico: 2_000_000_000_000n,
    });
    expect(() => limiter.admit({ key: key({ userId: 'alice' }), user }, 0n)).toThrow(
      expect.objectContaining({
        message: 'ExceededBudget: User=alice over budget. Spend=2.000000000001, Budget=2',
      }),
    );
    const customer = endUser('cust', { spendPico: 3n, maxBudgetPico: 2n });
    expect(() => limiter.admit({ endUser: customer }, 0n)).toThrow(
      expect.objectContaining({
        type: 'budget_exceeded',
        message: 'ExceededBudget: End User=cust over budget. Spend=3e-12, Budget=2e-12',
      }),
    );
  });

  it("checks a user's budget only for keys without a team, and its rpm always", () => {
    const limiter = createRequestLimiter({ now: () => minuteStart });
    const user = holder('alice', { spendPico: 10n, maxBudgetPico: 1n, rpmLimit: 1 });
    const teamKey = key({ userId: 'alice', teamId: 'research' });
    const team = holder('research');
    limiter.admit({ key: teamKey, team, user }, 0n).settle(0n, 0);
    expect(() => limiter.admit({ key: teamKey, team, user }, 0n)).toThrow(
      expect.objectContaining({
        type: 'rate_limit_error',
        message: expect.stringMatching(/^LiteLLM Rate Limit Handler for rate limit type = user\./),
      }),
    );
    expect(() => limiter.admit({ key: key({ userId: 'alice' }), user }, 0n)).toThrow(
      expect.objectContaining({ type: 'budget_exceeded' }),
    );
  });

  it('reserves on every entity at once; a refused request reserves nothing', () => {
    const limiter = createRequestLimiter();
    const team = holder('t', { maxBudgetPico: 100n });
    const customer = endUser('c', { maxBudgetPico: 1_000n });
    const teamKey = key({ teamId: 't' });
    const first = limiter.admit({ key: teamKey, team, endUser: customer }, 60n);
    limiter.admit({ key: teamKey, team, endUser: customer }, 41n);
    // The team holds 101 > 100: refused, and the end user's reservations are unchanged.
    expect(() => limiter.admit({ key: teamKey, team, endUser: customer }, 500n)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('Team=t') }),
    );
    // The end user alone: 101 reserved + 899 = 1000, not over; one more is.
    limiter.admit({ endUser: customer }, 899n);
    expect(() => limiter.admit({ endUser: customer }, 0n)).not.toThrow();
    first.settle(5n, 0);
    first.settle(5n, 0);
    // Settled once: the team holds 41 reserved + 5 spent.
    limiter.admit({ team }, 54n);
    // 100 held: at the budget, not over it; this one takes it over.
    expect(() => limiter.admit({ team }, 1n)).not.toThrow();
    expect(() => limiter.admit({ team }, 0n)).toThrow(
      expect.objectContaining({ type: 'budget_exceeded' }),
    );
  });

  it('refuses a blocked end user with LiteLLM 400 before any budget', () => {
    const limiter = createRequestLimiter();
    expect(() =>
      limiter.admit(
        { endUser: endUser('bad', { blocked: true, maxBudgetPico: 0n, spendPico: 9n }) },
        0n,
      ),
    ).toThrow(
      expect.objectContaining({
        status: 400,
        message: 'User blocked from making LLM API Calls. User=bad',
      }),
    );
  });

  it("a team's rpm counts every key of the team, per UTC minute, with retry-after", () => {
    let now = minuteStart + 20_000;
    const limiter = createRequestLimiter({ now: () => now });
    const team = holder('t', { rpmLimit: 2 });
    limiter.admit({ key: key({ token: 'a', teamId: 't' }), team }, 0n);
    limiter.admit({ key: key({ token: 'b', teamId: 't' }), team }, 0n);
    expect(() => limiter.admit({ key: key({ token: 'c', teamId: 't' }), team }, 0n)).toThrow(
      expect.objectContaining({
        status: 429,
        type: 'rate_limit_error',
        headers: { 'retry-after': '40' },
        message: expect.stringContaining(
          'rate limit type = team. Crossed TPM / RPM / Max Parallel Request Limit. current rpm: 2, rpm limit: 2',
        ),
      }),
    );
    now += 40_000;
    expect(() => limiter.admit({ team }, 0n)).not.toThrow();
  });

  it("a team's max_parallel_requests counts in-flight requests of every key; settling frees a slot", () => {
    const limiter = createRequestLimiter({ now: () => minuteStart + 20_000 });
    const team = holder('t', { maxParallelRequests: 2 });
    const first = limiter.admit({ key: key({ token: 'a', teamId: 't' }), team }, 0n);
    limiter.admit({ key: key({ token: 'b', teamId: 't' }), team }, 0n);
    expect(() => limiter.admit({ key: key({ token: 'a', teamId: 't' }), team }, 0n)).toThrow(
      expect.objectContaining({
        status: 429,
        type: 'rate_limit_error',
        headers: { 'retry-after': '1' },
        message:
          'LiteLLM Rate Limit Handler for rate limit type = team. Crossed TPM / RPM / Max Parallel Request Limit. ' +
          'current rpm: 2, rpm limit: None, current tpm: 0, tpm limit: None, ' +
          'current max_parallel_requests: 2, max_parallel_requests: 2',
      }),
    );
    // Another team has its own slots.
    expect(() =>
      limiter.admit({ team: holder('u', { maxParallelRequests: 2 }) }, 0n),
    ).not.toThrow();
    first.settle(0n, 0);
    first.settle(0n, 0);
    // Settled once: one slot back, not two.
    limiter.admit({ key: key({ token: 'c', teamId: 't' }), team }, 0n);
    expect(() => limiter.admit({ team }, 0n)).toThrow(
      expect.objectContaining({ type: 'rate_limit_error' }),
    );
  });

  it("a team's new max_parallel_requests applies at once, counting the requests still in flight", () => {
    const limiter = createRequestLimiter({ now: () => minuteStart });
    const before = holder('t', { maxParallelRequests: 1 });
    const running = limiter.admit({ team: before }, 0n);
    expect(() => limiter.admit({ team: before }, 0n)).toThrow(
      expect.objectContaining({ type: 'rate_limit_error' }),
    );
    // /team/update raised it: the request in flight still holds one of the two slots.
    limiter.invalidate('team', 't');
    const raised = holder('t', { maxParallelRequests: 2 });
    limiter.admit({ team: raised }, 0n);
    expect(() => limiter.admit({ team: raised }, 0n)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(
          'current max_parallel_requests: 2, max_parallel_requests: 2',
        ),
      }),
    );
    running.settle(0n, 0);
    expect(() => limiter.admit({ team: raised }, 0n)).not.toThrow();
  });

  it("an end user's tpm counts settled tokens (rate limit type = customer)", () => {
    const limiter = createRequestLimiter({ now: () => minuteStart });
    const customer = endUser('c', { tpmLimit: 10 });
    limiter.admit({ endUser: customer }, 0n).settle(0n, 10);
    expect(() => limiter.admit({ endUser: customer }, 0n)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('rate limit type = customer') }),
    );
  });

  it('a model budget trips at window spend > budget_limit and starts again with the next window', () => {
    const limiter = createRequestLimiter();
    const modelKey = key({ keyAlias: 'ci' });
    const window = (windowStart: number, spendPico: bigint): KeyModelBudget => ({
      modelGroup: 'gpt-4o',
      budgetLimitPico: 100n,
      timePeriod: '1d',
      windowStart,
      spendPico,
    });
    limiter.admit({ key: modelKey, keyModel: window(0, 100n) }, 0n).settle(1n, 0);
    // Loaded again in the same window (cache expiry): the ledger's own count wins.
    expect(() => limiter.admit({ key: modelKey, keyModel: window(0, 0n) }, 0n)).toThrow(
      expect.objectContaining({
        type: 'budget_exceeded',
        message: 'LiteLLM Virtual Key: token-a, key_alias: ci, exceeded budget for model=gpt-4o',
      }),
    );
    // Another model group of the same key has its own ledger.
    expect(() =>
      limiter.admit({ key: modelKey, keyModel: { ...window(0, 0n), modelGroup: 'mini' } }, 0n),
    ).not.toThrow();
    // The next window starts from its own loaded spend.
    expect(() =>
      limiter.admit({ key: modelKey, keyModel: window(86_400_000, 0n) }, 0n),
    ).not.toThrow();
  });

  it('an invalidated entity takes its next row as it is; a plain re-read keeps the larger spend', () => {
    const limiter = createRequestLimiter();
    const before = holder('t', { spendPico: 0n, maxBudgetPico: 10n });
    limiter.admit({ team: before }, 0n).settle(20n, 0);
    // Re-read without a change (cache expiry, spend not flushed yet): 20 settled here wins.
    expect(() => limiter.admit({ team: { ...before } }, 0n)).toThrow(
      expect.objectContaining({ type: 'budget_exceeded' }),
    );
    // The team was reset or updated: its row's spend is the truth.
    limiter.invalidate('team', 't');
    expect(() => limiter.admit({ team: { ...before } }, 0n)).not.toThrow();
  });

  it("refuses a blocked team, or a model its team's models do not allow, before its budget and counters", () => {
    const limiter = createRequestLimiter({ now: () => minuteStart });
    const model = { group: 'gpt-4o', accessGroups: ['beta'] };
    const blocked = holder('research', { blocked: true, spendPico: 5n, maxBudgetPico: 1n });
    expect(() => limiter.admit({ team: blocked, model }, 0n)).toThrow(
      expect.objectContaining({
        status: 401,
        type: 'auth_error',
        message:
          "Authentication Error, Team=research is blocked. Update via `/team/unblock` if you're an admin.",
      }),
    );
    const narrow = holder('research', { models: ['gpt-4o-mini', 'o1'], rpmLimit: 1 });
    expect(() => limiter.admit({ team: narrow, model }, 0n)).toThrow(
      expect.objectContaining({
        status: 401,
        type: 'team_model_access_denied',
        param: 'model',
        message:
          "team not allowed to access model. This team can only access models=['gpt-4o-mini', 'o1']. Tried to access gpt-4o",
      }),
    );
    // Refusals counted nothing: the team's one request a minute is still there, for a model
    // its access group allows.
    const inGroup = holder('research', { models: ['beta'], rpmLimit: 1 });
    limiter.admit({ team: inGroup, model }, 0n).settle(0n, 0);
    expect(() => limiter.admit({ team: inGroup, model }, 0n)).toThrow(
      expect.objectContaining({ type: 'rate_limit_error' }),
    );
  });

  it('x-ratelimit headers come from the key only', () => {
    const limiter = createRequestLimiter({ now: () => minuteStart });
    const admission = limiter.admit(
      { key: key({ rpmLimit: 5 }), team: holder('t', { rpmLimit: 1 }) },
      0n,
    );
    expect(admission.headers()).toEqual({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '4',
    });
    expect(limiter.admit({ endUser: endUser('c', { rpmLimit: 3 }) }, 0n).headers()).toEqual({});
  });
});
