import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { requireAdmin } from '../../middleware/require-admin.js';
import { deleteKeys } from './key-delete.js';
import { generateKey } from './key-generate.js';
import { keyInfo } from './key-info.js';
import { listKeys } from './key-list.js';
import { regenerateKey } from './key-regenerate.js';
import type { KeyRouteDependencies } from './key-route-dependencies.js';
import { setKeyBlocked, updateKey } from './key-update.js';

/**
 * LiteLLM's key management API. Every route is for the master key (`proxy_admin`), except
 * `GET /key/info`, which a virtual key may call about itself.
 */
export function registerKeyRoutes(
  app: Hono<AppEnv>,
  auth: MiddlewareHandler<AppEnv>,
  dependencies: KeyRouteDependencies,
): void {
  const admin = requireAdmin();
  app.post('/key/generate', auth, admin, generateKey(dependencies));
  app.get('/key/info', auth, keyInfo(dependencies));
  app.post('/key/update', auth, admin, updateKey(dependencies));
  app.post('/key/delete', auth, admin, deleteKeys(dependencies));
  app.get('/key/list', auth, admin, listKeys(dependencies));
  app.post('/key/regenerate', auth, admin, regenerateKey(dependencies));
  app.post('/key/:key/regenerate', auth, admin, regenerateKey(dependencies));
  app.post('/key/block', auth, admin, setKeyBlocked(dependencies, true));
  app.post('/key/unblock', auth, admin, setKeyBlocked(dependencies, false));
}
