import { AuthenticationError } from '@llmux/core';
import type { AuthInfo } from '../app-env.js';

/**
 * The model group a request may use: the key's `aliases` map the requested name to a group,
 * and a key with a non-empty `models` list may use only those (the requested name or its
 * alias target). Other callers get the name unchanged.
 *
 * @throws AuthenticationError (401, `key_model_access_denied`, `param: "model"`) otherwise.
 */
export function resolveKeyModel(auth: AuthInfo, requested: string): string {
  const key = auth.key;
  if (!key) return requested;
  const aliased = Object.hasOwn(key.aliases, requested) ? key.aliases[requested] : undefined;
  const group = typeof aliased === 'string' ? aliased : requested;
  if (key.models.length === 0 || key.models.includes(requested) || key.models.includes(group)) {
    return group;
  }
  throw new AuthenticationError({
    message: `Authentication Error, API Key not allowed to access model. This token can only access models=${JSON.stringify(key.models)}. Tried to access ${requested}`,
    type: 'key_model_access_denied',
    param: 'model',
  });
}
