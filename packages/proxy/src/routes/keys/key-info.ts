import { PermissionDeniedError } from '@llmux/core';
import type { Handler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { findVerificationToken } from '../../db/repositories/verification-token.repository.js';
import { tokenOf } from '../../keys/virtual-key.js';
import { toKeyJson } from './key-record.js';
import { type KeyRouteDependencies, keyNotFoundError } from './key-route-dependencies.js';
import { keyInfoQuerySchema, parseKeyRequest } from './key-schemas.js';

/**
 * `GET /key/info?key=`: `{"key": <as passed>, "info": {…}}` (the row without `token`). The
 * master key may name any key (raw or hash); a virtual key may ask about itself only, and
 * without `key` gets its own info.
 */
export function keyInfo(dependencies: KeyRouteDependencies): Handler<AppEnv> {
  return async function keyInfo(c) {
    const query = parseKeyRequest(keyInfoQuerySchema, c.req.query());
    const { auth } = c.var;
    const passed = query.key;
    let token: string;
    if (passed === undefined) {
      if (!auth.key) throw keyNotFoundError();
      token = auth.key.token;
    } else {
      token = tokenOf(passed);
      if (auth.role !== 'proxy_admin' && auth.key?.token !== token) {
        throw new PermissionDeniedError({
          message: "You are not allowed to access this key's info. Your role=internal_user",
          type: 'auth_error',
        });
      }
    }
    const row = await findVerificationToken(dependencies.db, token);
    if (!row) throw keyNotFoundError();
    const { token: _token, ...info } = toKeyJson(row);
    return c.json({ key: passed ?? token, info });
  };
}
