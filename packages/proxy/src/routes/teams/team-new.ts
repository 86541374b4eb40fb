import { randomUUID } from 'node:crypto';
import type { Handler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { findTeam, insertTeam } from '../../db/repositories/team.repository.js';
import { newTeamDefaults } from '../../db/tables/team.table.js';
import { teamExistsError } from '../admin-errors.js';
import type { KeyRouteDependencies } from '../keys/key-route-dependencies.js';
import { parseKeyRequest, readKeyRequestBody } from '../keys/key-schemas.js';
import { teamFieldColumns } from './team-columns.js';
import { addTeamMembers } from './team-members.js';
import { toTeamJson } from './team-record.js';
import { newTeamRequestSchema } from './team-schemas.js';

/**
 * `POST /team/new` (admin): a team (`team_id` defaults to a uuid) with `members_with_roles`
 * (unknown users are created) → the team row. A taken id is LiteLLM's 400.
 */
export function newTeam(dependencies: KeyRouteDependencies): Handler<AppEnv> {
  const { db } = dependencies;
  return async function newTeam(c) {
    const request = parseKeyRequest(newTeamRequestSchema, await readKeyRequestBody(c));
    const { team_id, members_with_roles: members = [], ...fields } = request;
    const teamId = team_id ?? randomUUID();
    if (await findTeam(db, teamId)) throw teamExistsError(teamId);
    const now = new Date();
    const create = db.transaction().execute(async transaction => {
      await insertTeam(transaction, {
        ...newTeamDefaults,
        ...teamFieldColumns(fields, now),
        team_id: teamId,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
      const inserted = await findTeam(transaction, teamId);
      if (!inserted) throw new Error('the team just inserted was not found');
      return (await addTeamMembers(transaction, inserted, members, now)).team;
    });
    let team: Awaited<typeof create>;
    try {
      team = await create;
    } catch (error) {
      // Rolled back. A concurrent /team/new that took the id between the check and the insert
      // made it fail on the primary key (checked after the transaction: SQLite has one connection).
      if (await findTeam(db, teamId)) throw teamExistsError(teamId);
      throw error;
    }
    return c.json(toTeamJson(team));
  };
}
