import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './args.mjs';

describe('parseBenchArgs --reps', () => {
  it('runs each scenario once by default, N times when asked', () => {
    expect(parseBenchArgs([]).reps).toBe(1);
    expect(parseBenchArgs(['--reps', '3']).reps).toBe(3);
  });

  it.each(['0', '1.5', 'x', '21'])('refuses --reps %s with a usage error', value => {
    expect(() => parseBenchArgs(['--reps', value])).toThrow(UsageError);
  });
});
