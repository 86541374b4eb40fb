import type { NewTeam } from './tables/team.table.js';

/** A team row for tests: no budget, limit or member unless `overrides` set them. */
export function testTeamRow(teamId: string, overrides: Partial<NewTeam> = {}): NewTeam {
  return {
    team_id: teamId,
    team_alias: null,
    admins: '[]',
    members: '[]',
    members_with_roles: '[]',
    metadata: '{}',
    models: '[]',
    blocked: 0,
    created_at: '2026-11-24T07:00:00.000Z',
    updated_at: '2026-11-24T07:00:00.000Z',
    ...overrides,
  };
}
