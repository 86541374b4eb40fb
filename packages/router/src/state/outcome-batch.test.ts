import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutcomeBatch, type SendOutcomes } from './outcome-batch.js';
import type { MinuteOutcomes } from './router-state.js';

/** A shared store of minute counts that records every send. */
function store() {
  const counts = new Map<string, MinuteOutcomes>();
  const sends: Array<{ id: string; add: MinuteOutcomes }> = [];
  const send: SendOutcomes = async (id, nowMs, add) => {
    sends.push({ id, add });
    const key = `${id}@${Math.floor(nowMs / 60_000)}`;
    const total = counts.get(key) ?? { successes: 0, failures: 0 };
    const after = {
      successes: total.successes + add.successes,
      failures: total.failures + add.failures,
    };
    counts.set(key, after);
    return after;
  };
  return { counts, sends, send };
}

const noErrors = (error: unknown) => {
  throw error;
};

describe('OutcomeBatch', () => {
  const minute = Date.UTC(2026, 0, 1, 9, 0, 0);
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the successes of a deployment once per delay, answering each call at once', async () => {
    const shared = store();
    const batch = new OutcomeBatch(100, shared.send, noErrors);
    expect(batch.success('a', minute)).toEqual({ successes: 1, failures: 0 });
    expect(batch.success('a', minute + 1)).toEqual({ successes: 2, failures: 0 });
    batch.success('b', minute);
    expect(shared.sends).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(shared.sends).toEqual([
      { id: 'a', add: { successes: 2, failures: 0 } },
      { id: 'b', add: { successes: 1, failures: 0 } },
    ]);
  });

  it("answers a success with the store's last counts plus what waits", async () => {
    const shared = store();
    shared.counts.set(`a@${Math.floor(minute / 60_000)}`, { successes: 10, failures: 2 });
    const batch = new OutcomeBatch(100, shared.send, noErrors);
    batch.success('a', minute);
    await vi.advanceTimersByTimeAsync(100);
    expect(batch.success('a', minute)).toEqual({ successes: 12, failures: 2 });
    // A new minute starts from nothing.
    expect(batch.success('a', minute + 60_000)).toEqual({ successes: 1, failures: 0 });
  });

  it('keeps minutes apart', async () => {
    const shared = store();
    const batch = new OutcomeBatch(100, shared.send, noErrors);
    batch.success('a', minute - 1);
    batch.success('a', minute);
    await batch.flush();
    expect(shared.sends.map(send => send.add.successes)).toEqual([1, 1]);
  });

  it('sends a failure at once, with the successes waiting for its minute', async () => {
    const shared = store();
    const batch = new OutcomeBatch(100, shared.send, noErrors);
    batch.success('a', minute);
    batch.success('a', minute);
    expect(await batch.failure('a', minute)).toEqual({ successes: 2, failures: 1 });
    await vi.advanceTimersByTimeAsync(100);
    expect(shared.sends).toEqual([{ id: 'a', add: { successes: 2, failures: 1 } }]);
  });

  it('reports a send that failed, and sends later batches', async () => {
    let fail = true;
    const errors: string[] = [];
    const shared = store();
    const batch = new OutcomeBatch(
      100,
      (id, nowMs, add) =>
        fail ? Promise.reject(new Error('Redis away')) : shared.send(id, nowMs, add),
      error => errors.push((error as Error).message),
    );
    batch.success('a', minute);
    await vi.advanceTimersByTimeAsync(100);
    expect(errors).toEqual(['Redis away']);
    fail = false;
    batch.success('a', minute);
    await vi.advanceTimersByTimeAsync(100);
    expect(shared.sends).toEqual([{ id: 'a', add: { successes: 1, failures: 0 } }]);
  });

  it('flush() sends what waits at once', async () => {
    const shared = store();
    const batch = new OutcomeBatch(60_000, shared.send, noErrors);
    batch.success('a', minute);
    await batch.flush();
    expect(shared.sends).toEqual([{ id: 'a', add: { successes: 1, failures: 0 } }]);
  });
});
