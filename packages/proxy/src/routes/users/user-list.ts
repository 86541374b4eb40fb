import type { Handler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { listUsers } from '../../db/repositories/user.repository.js';
import type { KeyRouteDependencies } from '../keys/key-route-dependencies.js';
import { parseKeyRequest } from '../keys/key-schemas.js';
import { toUserJson } from './user-record.js';
import { listUsersQuerySchema } from './user-schemas.js';

/**
 * `GET /user/list?page=&page_size=` (admin): LiteLLM's page shape
 * `{"users", "total", "page", "page_size", "total_pages"}`, oldest first. Defaults 1 and 25.
 */
export function listUsersRoute(dependencies: KeyRouteDependencies): Handler<AppEnv> {
  return async function userList(c) {
    const query = parseKeyRequest(listUsersQuerySchema, c.req.query());
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? 25;
    const { rows, total } = await listUsers(dependencies.db, {
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return c.json({
      users: rows.map(toUserJson),
      total,
      page,
      page_size: pageSize,
      total_pages: Math.ceil(total / pageSize),
    });
  };
}
