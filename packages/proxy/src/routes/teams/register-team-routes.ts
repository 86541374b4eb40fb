import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { requireAdmin } from '../../middleware/require-admin.js';
import type { KeyRouteDependencies } from '../keys/key-route-dependencies.js';
import { teamDelete } from './team-delete.js';
import { teamInfo } from './team-info.js';
import { teamList } from './team-list.js';
import { teamMemberAdd, teamMemberDelete } from './team-member-routes.js';
import { newTeam } from './team-new.js';
import { teamUpdate } from './team-update.js';

/** LiteLLM's team management API; for now master key (`proxy_admin`) only. */
export function registerTeamRoutes(
  app: Hono<AppEnv>,
  auth: MiddlewareHandler<AppEnv>,
  dependencies: KeyRouteDependencies,
): void {
  const admin = requireAdmin();
  app.post('/team/new', auth, admin, newTeam(dependencies));
  app.get('/team/info', auth, admin, teamInfo(dependencies));
  app.post('/team/update', auth, admin, teamUpdate(dependencies));
  app.post('/team/delete', auth, admin, teamDelete(dependencies));
  app.get('/team/list', auth, admin, teamList(dependencies));
  app.post('/team/member_add', auth, admin, teamMemberAdd(dependencies));
  app.post('/team/member_delete', auth, admin, teamMemberDelete(dependencies));
}
