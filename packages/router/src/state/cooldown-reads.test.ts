import { describe, expect, it } from 'vitest';
import { CooldownReads } from './cooldown-reads.js';
import type { ActiveCooldown } from './router-state.js';

function cooldown(untilMs: number): ActiveCooldown {
  return { exception: 'rate limited', status: 429, timestampMs: 0, cooldownSeconds: 5, untilMs };
}

/** A shared store the reads go to, counting them; `gate` holds a read until released. */
function store() {
  const stored = new Map<string, ActiveCooldown>();
  const reads: string[][] = [];
  let gate: Promise<void> | undefined;
  const read = async (ids: string[]) => {
    reads.push(ids);
    const answer = ids.map(id => stored.get(id));
    if (gate) await gate;
    return answer;
  };
  const hold = () => {
    let release = () => {};
    gate = new Promise<void>(resolve => {
      release = resolve;
    });
    return () => {
      gate = undefined;
      release();
    };
  };
  return { stored, reads, read, hold };
}

describe('CooldownReads', () => {
  it('reads once, answers from memory while fresh, and reads again after freshMs', async () => {
    const shared = store();
    const reads = new CooldownReads(100, shared.read);
    expect(await reads.get(['a', 'b'], 1_000)).toEqual(new Map());
    shared.stored.set('a', cooldown(5_000));
    const fresh = reads.get(['a', 'b'], 1_099);
    expect(fresh).toBeInstanceOf(Map);
    expect(fresh).toEqual(new Map());
    expect(shared.reads).toHaveLength(1);
    expect(await reads.get(['a', 'b'], 1_100)).toEqual(new Map([['a', cooldown(5_000)]]));
    expect(shared.reads).toHaveLength(2);
  });

  it('ends a known cooldown at its untilMs without reading again', async () => {
    const shared = store();
    shared.stored.set('a', cooldown(1_050));
    const reads = new CooldownReads(100, shared.read);
    expect((await reads.get(['a'], 1_000)).has('a')).toBe(true);
    expect(reads.get(['a'], 1_050)).toEqual(new Map());
    expect(shared.reads).toHaveLength(1);
  });

  it('knows a cooldown it set at once, also when a read started before', async () => {
    const shared = store();
    const reads = new CooldownReads(100, shared.read);
    const release = shared.hold();
    const before = reads.get(['a'], 1_000);
    shared.stored.set('a', cooldown(9_000));
    reads.remember('a', cooldown(9_000), 1_001);
    release();
    expect(await before).toEqual(new Map([['a', cooldown(9_000)]]));
    expect(reads.get(['a'], 1_002)).toEqual(new Map([['a', cooldown(9_000)]]));
    expect(shared.reads).toHaveLength(1);
  });

  it('shares one read among the picks that need it meanwhile', async () => {
    const shared = store();
    const reads = new CooldownReads(100, shared.read);
    const release = shared.hold();
    const answers = [reads.get(['a', 'b'], 1_000), reads.get(['a', 'b'], 1_001)];
    release();
    await Promise.all(answers);
    expect(shared.reads).toEqual([['a', 'b']]);
  });

  it('reads every time with freshMs 0', async () => {
    const shared = store();
    const reads = new CooldownReads(0, shared.read);
    await reads.get(['a'], 1_000);
    await reads.get(['a'], 1_000);
    expect(shared.reads).toHaveLength(2);
  });
});
