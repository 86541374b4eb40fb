import { AuthenticationError } from '@llmux/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';

/**
 * After `authenticate`: lets only `proxy_admin` (the master key) through, answering other
 * keys with LiteLLM's 401 for master-key-only routes.
 */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async function requireAdmin(c, next) {
    if (c.var.auth.role !== 'proxy_admin') {
      throw new AuthenticationError({
        message: `Authentication Error, Tried to access route=${c.req.path}, which is only for MASTER KEY`,
        type: 'auth_error',
      });
    }
    return next();
  };
}
