import { describe, expect, it } from 'vitest';
import { statementChunks, statementSizes } from './statement-chunks.js';

describe('statementChunks', () => {
  it('splits a flush into the fixed sizes, largest first', () => {
    expect(statementChunks(200).map(chunk => chunk.size)).toEqual([64, 64, 64, 4, 4]);
    expect(statementChunks(0)).toEqual([]);
    expect(statementChunks(3)).toEqual([
      { start: 0, size: 1 },
      { start: 1, size: 1 },
      { start: 2, size: 1 },
    ]);
  });

  it('covers every row exactly once with at most a few statements', () => {
    const allowed = new Set<number>(statementSizes);
    for (let rowCount = 0; rowCount <= 1_000; rowCount++) {
      const chunks = statementChunks(rowCount);
      let next = 0;
      for (const chunk of chunks) {
        expect(allowed.has(chunk.size)).toBe(true);
        expect(chunk.start).toBe(next);
        next += chunk.size;
      }
      expect(next).toBe(rowCount);
      // At most three of each size below the largest.
      expect(chunks.length).toBeLessThanOrEqual(Math.floor(rowCount / 64) + 9);
    }
  });
});
