import type { Handler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { findTeam, updateTeam } from '../../db/repositories/team.repository.js';
import { teamNotFoundError } from '../admin-errors.js';
import type { KeyRouteDependencies } from '../keys/key-route-dependencies.js';
import { parseKeyRequest, readKeyRequestBody } from '../keys/key-schemas.js';
import { teamFieldColumns } from './team-columns.js';
import { toTeamJson } from './team-record.js';
import { updateTeamRequestSchema } from './team-schemas.js';

/** `POST /team/update` (admin): `team_id` + the fields to change → `{"team_id", "data"}`. */
export function teamUpdate(dependencies: KeyRouteDependencies): Handler<AppEnv> {
  const { db } = dependencies;
  return async function teamUpdate(c) {
    const { team_id: teamId, ...fields } = parseKeyRequest(
      updateTeamRequestSchema,
      await readKeyRequestBody(c),
    );
    if (!(await findTeam(db, teamId))) throw teamNotFoundError(teamId);
    const now = new Date();
    const row = await updateTeam(db, teamId, {
      ...teamFieldColumns(fields, now),
      updated_at: now.toISOString(),
    });
    if (!row) throw teamNotFoundError(teamId);
    return c.json({ team_id: teamId, data: toTeamJson(row) });
  };
}
