import { describe, expect, it } from 'vitest';
import { toDeployment } from './deployment.js';
import { pickSimpleShuffle } from './simple-shuffle.js';

function deployments(params: Array<Record<string, unknown>>) {
  return params.map((extra, index) =>
    toDeployment({ model_name: 'group', litellm_params: { model: `openai/m${index}`, ...extra } }),
  );
}

function counts(list: ReturnType<typeof deployments>, draws: number): number[] {
  let seed = 1;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const tally = list.map(() => 0);
  for (let draw = 0; draw < draws; draw++) {
    const picked = pickSimpleShuffle(list, random);
    tally[list.indexOf(picked)]! += 1;
  }
  return tally;
}

describe('pickSimpleShuffle', () => {
  it('weighs by weight before rpm', () => {
    const tally = counts(
      deployments([
        { weight: 9, rpm: 1 },
        { weight: 1, rpm: 1000 },
      ]),
      10_000,
    );
    expect(tally[0]! / 10_000).toBeGreaterThan(0.85);
    expect(tally[0]! / 10_000).toBeLessThan(0.95);
  });

  it('weighs by rpm, then tpm', () => {
    const byRpm = counts(deployments([{ rpm: 900 }, { rpm: 100 }]), 10_000);
    expect(byRpm[0]! / 10_000).toBeGreaterThan(0.85);
    const byTpm = counts(deployments([{ tpm: 100 }, { tpm: 300 }]), 10_000);
    expect(byTpm[1]! / 10_000).toBeGreaterThan(0.7);
  });

  it('is uniform without weights and never picks a zero weight', () => {
    const uniform = counts(deployments([{}, {}]), 10_000);
    expect(uniform[0]! / 10_000).toBeGreaterThan(0.45);
    expect(uniform[0]! / 10_000).toBeLessThan(0.55);
    const zero = counts(deployments([{ weight: 0 }, { weight: 1 }]), 1000);
    expect(zero[0]).toBe(0);
  });
});
