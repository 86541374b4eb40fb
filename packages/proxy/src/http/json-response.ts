import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';

/**
 * A JSON response with plain-object headers. Hono's `c.json` with more than one header
 * builds a `Headers` object, and node-server then turns it back into a record; a record
 * passed as is goes straight to `writeHead`. The headers must carry `x-litellm-call-id`
 * (`litellmHeaders` puts it there), so the request context leaves the response alone.
 */
export function jsonResponse(
  c: Context<AppEnv>,
  body: unknown,
  status: number,
  headers: Record<string, string>,
): Response {
  c.set('callIdHeaderSet', true);
  headers['content-type'] = 'application/json';
  return new Response(JSON.stringify(body), { status, headers });
}
