import { noBudget } from '../limits/test-no-budget.js';
import type { CachedKey } from './key-cache.js';

/** A cached virtual key for tests: no team, user, budget or limit unless `fields` set them. */
export function testCachedKey(fields: Partial<CachedKey> = {}): CachedKey {
  return {
    token: 'token-a',
    keyName: 'sk-...abcd',
    keyAlias: null,
    userId: null,
    userRole: 'internal_user',
    teamId: null,
    blocked: false,
    expiresAt: undefined,
    expires: null,
    models: [],
    aliases: {},
    ...noBudget,
    maxParallelRequests: null,
    modelMaxBudget: {},
    ...fields,
  };
}
