import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../http/hash-api-key.js';

/** A new key: `sk-` + 22 url-safe characters (16 random bytes), as LiteLLM makes them. */
export function generateVirtualKey(): string {
  return `sk-${randomBytes(16).toString('base64url')}`;
}

/** `sk-...` + the last 4 characters: the `key_name` LiteLLM stores. */
export function keyName(key: string): string {
  return `sk-...${key.slice(-4)}`;
}

/**
 * The token (sha256 hex) a management request names: a raw key (`sk-…`) is hashed, anything
 * else is taken to be the hash already, as LiteLLM does.
 */
export function tokenOf(keyOrToken: string): string {
  return keyOrToken.startsWith('sk-') ? hashApiKey(keyOrToken) : keyOrToken;
}
