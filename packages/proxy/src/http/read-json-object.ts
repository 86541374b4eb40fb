import { BadRequestError } from '@llmux/core';
import type { Context } from 'hono';

/** The request body as a JSON object; anything else is a 400 that says what to send. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = text.trim() === '' ? 'the body is empty' : (error as Error).message;
    throw new BadRequestError({
      message: `Invalid JSON in request body: ${reason}. Send a JSON object with the header \`Content-Type: application/json\`.`,
    });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError({
      message: `The request body must be a JSON object, got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : `a ${typeof body}`}.`,
    });
  }
  return body as Record<string, unknown>;
}
