import { VERSION } from '@llmux/core';
import type { Handler } from 'hono';
import { type Kysely, sql } from 'kysely';
import type { AppEnv } from '../app-env.js';
import type { Database } from '../db/database.js';

/** `GET /health/liveliness` and `/health/liveness`: LiteLLM's JSON string. */
export function liveness(): Handler<AppEnv> {
  return function liveness(c) {
    return c.json("I'm alive!");
  };
}

/**
 * `GET /health/readiness`: 200 when the database answers, in LiteLLM's shape (which
 * reports `status: "connected"` once a database is attached); 503 otherwise.
 */
export function readiness(db: Kysely<Database>): Handler<AppEnv> {
  return async function readiness(c) {
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return c.json(
        {
          error: {
            message: `Service Unhealthy (${reason})`,
            type: 'no_db_connection',
            param: null,
            code: '503',
          },
        },
        503,
      );
    }
    return c.json({
      status: 'connected',
      db: 'connected',
      cache: null,
      litellm_version: VERSION,
      success_callbacks: [],
      last_updated: new Date().toISOString(),
    });
  };
}
