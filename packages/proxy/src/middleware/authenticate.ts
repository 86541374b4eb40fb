import { timingSafeEqual } from 'node:crypto';
import { AuthenticationError, budgetWindowEnd } from '@llmux/core';
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { AppEnv } from '../app-env.js';
import type { Database } from '../db/database.js';
import {
  findVerificationTokenForAuth,
  resetVerificationTokenBudget,
} from '../db/repositories/verification-token.repository.js';
import { abbreviateApiKey, hashApiKey } from '../http/hash-api-key.js';
import { readApiKey } from '../http/read-api-key.js';
import { type CachedKey, type KeyCache, toCachedKey } from '../keys/key-cache.js';

export interface AuthenticateOptions {
  /** `general_settings.master_key`; without one every request is let through (LiteLLM does the same). */
  masterKey: string | undefined;
  /** Where virtual keys are looked up; without it only the master key is accepted. */
  db?: Kysely<Database> | undefined;
  keyCache?: KeyCache | undefined;
}

/** The user id LiteLLM gives requests made with the master key. */
export const masterKeyUserId = 'default_user_id';

function authenticationError(message: string): AuthenticationError {
  return new AuthenticationError({
    message: `Authentication Error, ${message}`,
    type: 'auth_error',
  });
}

/** LiteLLM's mask of a non-`sk-` value: its first 4 and last 4 characters. */
function maskNonVirtualKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 4)}****${key.slice(-4)}` : '****';
}

/**
 * Checks the key: the master key (sha256 digests compared in constant time) acts as
 * `proxy_admin`; any other `sk-` key is looked up by its sha256 hex (through `keyCache`) and
 * refused when unknown, blocked or expired, else acts with its user's `user_role` (read with
 * the key, so cached with it; `internal_user` without a user). Sets `auth`. Error messages
 * show at most `sk-...` and the key's last 4 characters (4 + 4 for a value that is not an
 * `sk-` key).
 */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  // Compared as the bytes of the sha256 hex: equal lengths, whatever was presented.
  const masterKeyDigest = options.masterKey
    ? Buffer.from(hashApiKey(options.masterKey), 'latin1')
    : undefined;
  const { db, keyCache } = options;

  async function lookUp(token: string): Promise<CachedKey | undefined> {
    const cached = keyCache?.get(token);
    if (cached) return cached;
    if (!db) return undefined;
    const row = await findVerificationTokenForAuth(db, token);
    if (!row) return undefined;
    const key = toCachedKey(row, row.user_role);
    keyCache?.set(key);
    return key;
  }

  /**
   * A key whose `budget_reset_at` has passed (`budgetResetDue`) starts its next window
   * (`resetBudget`): spend 0 and the next reset time, in one UPDATE guarded by the old reset
   * time (another instance may have done it first). Either way the key is read again. Lazy:
   * nothing resets a key nobody uses.
   */
  function budgetResetDue(key: CachedKey, now: number): boolean {
    if (!db || key.budgetResetAt === null || key.budgetDuration === null) return false;
    return Date.parse(key.budgetResetAt) <= now;
  }

  async function resetBudget(key: CachedKey, now: number): Promise<CachedKey | undefined> {
    if (!db || key.budgetResetAt === null || key.budgetDuration === null) return key;
    let next: number;
    try {
      next = budgetWindowEnd(key.budgetDuration, now);
    } catch {
      return key;
    }
    await resetVerificationTokenBudget(
      db,
      key.token,
      key.budgetResetAt,
      new Date(next).toISOString(),
    );
    keyCache?.delete(key.token);
    return lookUp(key.token);
  }

  return async function authenticate(c, next) {
    const presented = readApiKey(name => c.req.header(name));
    if (!masterKeyDigest) {
      c.set('auth', {
        apiKeyHash: presented.kind === 'key' ? hashApiKey(presented.key) : '',
        userId: '',
        role: 'proxy_admin',
      });
      return next();
    }
    if (presented.kind === 'none') throw authenticationError('No api key passed in.');
    if (presented.kind === 'malformed') {
      throw authenticationError('Malformed API Key passed in. Ensure Key has `Bearer ` prefix.');
    }
    const token = hashApiKey(presented.key);
    if (timingSafeEqual(Buffer.from(token, 'latin1'), masterKeyDigest)) {
      c.set('auth', {
        apiKeyHash: token,
        userId: masterKeyUserId,
        role: 'proxy_admin',
      });
      return next();
    }
    if (!presented.key.startsWith('sk-')) {
      throw authenticationError(
        `LiteLLM Virtual Key expected. Received=${maskNonVirtualKey(presented.key)}, expected to start with 'sk-'.`,
      );
    }
    // A cached key whose budget is not due for a reset is answered without waiting.
    const found = keyCache?.get(token) ?? (await lookUp(token));
    const checkedAt = Date.now();
    const key =
      found && budgetResetDue(found, checkedAt) ? await resetBudget(found, checkedAt) : found;
    if (!key) {
      throw authenticationError(
        `Invalid proxy server token passed. Received API Key = ${abbreviateApiKey(presented.key)}, ` +
          `Key Hash (Token) = ${token}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
      );
    }
    if (key.blocked) {
      throw authenticationError("Key is blocked. Update via `/key/unblock` if you're an admin.");
    }
    const now = Date.now();
    if (key.expiresAt !== undefined && key.expiresAt < now) {
      throw new AuthenticationError({
        message: `Authentication Error - Expired Key. Key Expiry time ${key.expires} and current time ${new Date(now).toISOString()}`,
        type: 'expired_key',
      });
    }
    c.set('auth', { apiKeyHash: token, userId: key.userId ?? '', role: key.userRole, key });
    return next();
  };
}
