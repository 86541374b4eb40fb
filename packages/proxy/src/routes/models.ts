import type { Router } from '@llmux/router';
import type { Handler } from 'hono';
import type { AppEnv } from '../app-env.js';

// LiteLLM answers constants for these two fields.
const created = 1677610602;
const ownedBy = 'openai';

/**
 * `GET /models` and `/v1/models`: the model groups of `model_list`, in OpenAI's list shape.
 * A virtual key with a `models` allow-list sees only those groups, as in LiteLLM.
 */
export function models(router: Router): Handler<AppEnv> {
  return function models(c) {
    const allowed = c.var.auth?.key?.models ?? [];
    const names =
      allowed.length === 0
        ? router.modelNames
        : router.modelNames.filter(name => allowed.includes(name));
    return c.json({
      data: names.map(id => ({ id, object: 'model', created, owned_by: ownedBy })),
      object: 'list',
    });
  };
}
