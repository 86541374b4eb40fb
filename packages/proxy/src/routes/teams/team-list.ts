import type { Handler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { listTeams } from '../../db/repositories/team.repository.js';
import type { KeyRouteDependencies } from '../keys/key-route-dependencies.js';
import { parseKeyRequest } from '../keys/key-schemas.js';
import { toTeamJson } from './team-record.js';

const listTeamsQuerySchema = z.strictObject({});

/** `GET /team/list` (admin): every team row, oldest first (LiteLLM answers a plain list). */
export function teamList(dependencies: KeyRouteDependencies): Handler<AppEnv> {
  return async function teamList(c) {
    parseKeyRequest(listTeamsQuerySchema, c.req.query());
    return c.json((await listTeams(dependencies.db)).map(toTeamJson));
  };
}
