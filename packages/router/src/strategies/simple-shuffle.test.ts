import { describe, expect, it } from 'vitest';
import { makeContext, makeDeployments, tally } from './routing-context.test-helper.js';
import { seededRandom } from './seeded-random.test-helper.js';
import { createSimpleShuffleStrategy, pickSimpleShuffle } from './simple-shuffle.js';

const draws = 10_000;

function shares(params: Array<Record<string, unknown>>, seed = 1): number[] {
  const list = makeDeployments(params);
  const random = seededRandom(seed);
  const counts = tally(() => pickSimpleShuffle(list, random), draws);
  return list.map(deployment => (counts.get(deployment.id) ?? 0) / draws);
}

/** Each share within ±3 % of its weight's share, relative (so also within 3 points). */
function expectWithin3Percent(observed: number[], weights: number[]) {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  for (const [index, weight] of weights.entries()) {
    const expected = weight / total;
    expect(Math.abs((observed[index] ?? 0) - expected)).toBeLessThanOrEqual(0.03 * expected);
  }
}

describe('simple-shuffle', () => {
  it('follows the weights within ±3 % over 10,000 seeded picks', () => {
    for (const seed of [1, 2, 3]) {
      expectWithin3Percent(shares([{ weight: 5 }, { weight: 3 }, { weight: 2 }], seed), [5, 3, 2]);
      expectWithin3Percent(shares([{ weight: 9 }, { weight: 1 }], seed), [9, 1]);
    }
  });

  it('weighs by weight before rpm', () => {
    expectWithin3Percent(
      shares([
        { weight: 9, rpm: 1 },
        { weight: 1, rpm: 1000 },
      ]),
      [9, 1],
    );
  });

  it('falls back to rpm, then tpm', () => {
    expectWithin3Percent(shares([{ rpm: 900 }, { rpm: 100 }]), [900, 100]);
    expectWithin3Percent(shares([{ tpm: 100 }, { tpm: 300 }]), [100, 300]);
  });

  it('lets the first deployment decide the field; a missing one weighs 0', () => {
    const observed = shares([{ rpm: 100 }, { tpm: 1_000_000 }, { rpm: 100 }]);
    expect(observed[1]).toBe(0);
    expectWithin3Percent(observed, [1, 0, 1]);
  });

  it('is uniform without weights and never picks a zero weight', () => {
    expectWithin3Percent(shares([{}, {}, {}, {}]), [1, 1, 1, 1]);
    expect(shares([{ weight: 0 }, { weight: 1 }])[0]).toBe(0);
    expectWithin3Percent(shares([{ weight: 0 }, { weight: 0 }]), [1, 1]);
  });

  it('is the strategy behind createSimpleShuffleStrategy', () => {
    const list = makeDeployments([{ weight: 1 }, { weight: 0 }]);
    const strategy = createSimpleShuffleStrategy();
    expect(strategy.name).toBe('simple-shuffle');
    expect(strategy.needs).toEqual({});
    expect(strategy.pick(makeContext(list)).id).toBe('d0');
  });
});
