import { describe, expect, it } from 'vitest';
import { DIALECTS, useTestDatabase } from '../test-dialects.js';
import { testTeamRow } from '../test-team-row.js';
import {
  addTeamMembershipSpend,
  addTeamSpend,
  deleteTeamMembership,
  deleteTeams,
  findTeam,
  findTeamMemberships,
  findTeams,
  insertTeam,
  listTeams,
  listTeamsOfUser,
  lockTeams,
  updateTeam,
  upsertTeamMembership,
} from './team.repository.js';

const teamRow = testTeamRow;

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: team repository`, () => {
    const database = useTestDatabase(dialect);

    it('round-trips, updates, lists and deletes teams with their memberships', async () => {
      await insertTeam(database.db, teamRow('t1', { blocked: 1, max_budget_pico: 5n }));
      await insertTeam(database.db, teamRow('t2'));
      const row = await findTeam(database.db, 't1');
      expect(Number(row?.blocked)).toBe(1);
      expect(row?.max_budget_pico).toBe(5n);
      expect(row?.spend_pico).toBe(0n);
      expect((await updateTeam(database.db, 't2', { team_alias: 'two' }))?.team_alias).toBe('two');
      expect((await findTeams(database.db, ['t2', 'nope'])).map(team => team.team_id)).toEqual([
        't2',
      ]);
      expect((await listTeams(database.db)).map(team => team.team_id)).toEqual(['t1', 't2']);
      await upsertTeamMembership(database.db, 'u1', 't1');
      await upsertTeamMembership(database.db, 'u1', 't1');
      expect(await findTeamMemberships(database.db, 't1')).toEqual([
        { user_id: 'u1', team_id: 't1', spend_pico: 0n },
      ]);
      expect(await deleteTeams(database.db, ['t1', 'nope'])).toEqual(['t1']);
      expect(await findTeamMemberships(database.db, 't1')).toEqual([]);
    });

    it("lists a user's teams, and locks existing teams changing nothing in them", async () => {
      for (const teamId of ['t2', 't1', 't3']) await insertTeam(database.db, teamRow(teamId));
      await upsertTeamMembership(database.db, 'u1', 't2');
      await upsertTeamMembership(database.db, 'u1', 't1');
      await upsertTeamMembership(database.db, 'u2', 't3');
      expect((await listTeamsOfUser(database.db, 'u1')).map(team => team.team_id)).toEqual([
        't1',
        't2',
      ]);
      expect(await listTeamsOfUser(database.db, '')).toEqual([]);
      const before = await listTeams(database.db);
      const locked = await database.db
        .transaction()
        .execute(transaction => lockTeams(transaction, ['t3', 'nope', 't1', 't3']));
      expect(locked).toEqual(['t1', 't3']);
      expect(await listTeams(database.db)).toEqual(before);
    });

    it('adds summed spend to teams and memberships exactly', async () => {
      await insertTeam(database.db, teamRow('t1'));
      await upsertTeamMembership(database.db, 'u1', 't1');
      await addTeamSpend(
        database.db,
        new Map([
          ['t1', 9_007_199_254_740_993n],
          ['nope', 1n],
        ]),
      );
      await addTeamMembershipSpend(database.db, [
        { userId: 'u1', teamId: 't1', spendPico: 9_007_199_254_740_993n },
      ]);
      expect((await findTeam(database.db, 't1'))?.spend_pico).toBe(9_007_199_254_740_993n);
      expect((await findTeamMemberships(database.db, 't1'))[0]?.spend_pico).toBe(
        9_007_199_254_740_993n,
      );
      await deleteTeamMembership(database.db, 'u1', 't1');
      expect(await findTeamMemberships(database.db, 't1')).toEqual([]);
    });
  });
}
