import { NotFoundError } from '@llmux/core';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { KeyCache } from '../../keys/key-cache.js';

export interface KeyRouteDependencies {
  db: Kysely<Database>;
  /** Evicted on every change so this instance applies it to the next request. */
  keyCache: KeyCache;
}

/** LiteLLM's 404 for a key no row has. */
export function keyNotFoundError(): NotFoundError {
  return new NotFoundError({ message: 'Key not found in database', type: 'not_found_error' });
}
