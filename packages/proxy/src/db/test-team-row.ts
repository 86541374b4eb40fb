import { type NewTeam, newTeamDefaults } from './tables/team.table.js';

/** A team row for tests: no budget, limit or member unless `overrides` set them. */
export function testTeamRow(teamId: string, overrides: Partial<NewTeam> = {}): NewTeam {
  return {
    ...newTeamDefaults,
    team_id: teamId,
    team_alias: null,
    created_at: '2026-11-24T07:00:00.000Z',
    updated_at: '2026-11-24T07:00:00.000Z',
    ...overrides,
  };
}
