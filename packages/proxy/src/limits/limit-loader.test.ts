import { describe, expect, it } from 'vitest';
import { insertTeam } from '../db/repositories/team.repository.js';
import { DIALECTS, useTestDatabase } from '../db/test-dialects.js';
import { testTeamRow } from '../db/test-team-row.js';
import { testCachedKey } from '../keys/test-cached-key.js';
import { createLimitLoader } from './limit-loader.js';
import type { LimitSubjects } from './limit-subjects.js';
import { createRequestLimiter } from './request-limiter.js';

const start = Date.parse('2026-11-24T12:00:00.000Z');
const resetAt = '2026-11-25T00:00:00.000Z';

const key = testCachedKey;

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: limit loader`, () => {
    const database = useTestDatabase(dialect);

    function loader() {
      const clock = { now: start };
      const limits = createLimitLoader({
        db: database.db,
        limiter: createRequestLimiter(),
        now: () => clock.now,
      });
      return { limits, clock };
    }

    it('answers at once, without a promise, when the request needs no row', () => {
      const { limits } = loader();
      const subjects = limits.load({ key: key(), modelGroup: 'gpt-4o-mini' });
      expect(subjects).not.toBeInstanceOf(Promise);
      expect((subjects as LimitSubjects).team).toBeUndefined();
    });

    it('reads a row once, then answers from the cache without a promise', async () => {
      await insertTeam(
        database.db,
        testTeamRow('t1', { max_budget_pico: 5n, budget_duration: '1d', budget_reset_at: resetAt }),
      );
      const { limits, clock } = loader();
      const request = {
        key: key({
          teamId: 't1',
          modelMaxBudget: { grp: { budgetLimitPico: 7n, timePeriod: '1d' } },
        }),
        endUserId: 'nobody',
        modelGroup: 'grp',
      };

      const first = limits.load(request);
      expect(first).toBeInstanceOf(Promise);
      const loaded = await first;
      expect(loaded.team?.id).toBe('t1');
      expect(loaded.endUser).toBeUndefined();
      expect(loaded.keyModel).toMatchObject({ budgetLimitPico: 7n, spendPico: 0n });

      const cached = limits.load(request);
      expect(cached).not.toBeInstanceOf(Promise);
      expect((cached as LimitSubjects).team).toBe(loaded.team);
      expect((cached as LimitSubjects).keyModel).toMatchObject({ budgetLimitPico: 7n });

      // The team's budget window has ended: its reset is a database write, so a promise again.
      clock.now = Date.parse(resetAt) + 1_000;
      const due = limits.load(request);
      expect(due).toBeInstanceOf(Promise);
      const reset = await due;
      expect(reset.team?.budgetResetAt).not.toBe(resetAt);
      expect(Date.parse(reset.team?.budgetResetAt ?? '')).toBeGreaterThan(clock.now);
    });
  });
}
