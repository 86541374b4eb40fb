import { timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '@llmux/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { abbreviateApiKey, hashApiKey, sha256 } from '../http/hash-api-key.js';
import { readApiKey } from '../http/read-api-key.js';

export interface AuthenticateOptions {
  /** `general_settings.master_key`; without one every request is let through (LiteLLM does the same). */
  masterKey: string | undefined;
}

/** The user id LiteLLM gives requests made with the master key. */
export const masterKeyUserId = 'default_user_id';

function authenticationError(message: string): AuthenticationError {
  return new AuthenticationError({
    message: `Authentication Error, ${message}`,
    type: 'auth_error',
  });
}

/**
 * Checks the key against the master key, comparing sha256 digests in constant time, and
 * sets `auth`. Error messages show at most `sk-...` and the key's last 4 characters.
 */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  const masterKeyDigest = options.masterKey ? sha256(options.masterKey) : undefined;
  return async function authenticate(c, next) {
    const presented = readApiKey(name => c.req.header(name));
    if (!masterKeyDigest) {
      c.set('auth', {
        apiKeyHash: presented.kind === 'key' ? hashApiKey(presented.key) : '',
        userId: '',
      });
      return next();
    }
    if (presented.kind === 'none') throw authenticationError('No api key passed in.');
    if (presented.kind === 'malformed') {
      throw authenticationError('Malformed API Key passed in. Ensure Key has `Bearer ` prefix.');
    }
    const digest = sha256(presented.key);
    if (!timingSafeEqual(digest, masterKeyDigest)) {
      throw authenticationError(
        `Invalid proxy server token passed. Received API Key = ${abbreviateApiKey(presented.key)}. ` +
          'Pass the proxy master key (general_settings.master_key) as `Authorization: Bearer <key>`.',
      );
    }
    c.set('auth', { apiKeyHash: digest.toString('hex'), userId: masterKeyUserId });
    return next();
  };
}
