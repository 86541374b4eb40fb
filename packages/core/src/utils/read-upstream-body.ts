import type { z } from 'zod';
import { APIError } from '../errors/api-error.js';
import type { RawResponseV1 } from '../provider/provider-v1.js';
import { toUpstreamError } from './fetch-upstream.js';
import { headersToRecord } from './headers-to-record.js';
import type { UpstreamResponse } from './upstream-response.js';

export interface UpstreamBodyContext {
  llmProvider: string;
  model: string;
  abortSignal?: AbortSignal | undefined;
}

/** The body as text; a timeout, abort or broken connection while reading becomes an llmux error. */
export async function readUpstreamText(
  response: UpstreamResponse,
  context: UpstreamBodyContext,
): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw toUpstreamError(error, context.abortSignal, context.llmProvider, context.model);
  }
}

/** The body of a streamed answer; an `APIError` when the upstream sent none. */
export function requireStreamBody(
  response: UpstreamResponse,
  context: Pick<UpstreamBodyContext, 'llmProvider' | 'model'>,
): ReadableStream<Uint8Array> {
  if (response.body) return response.body;
  throw new APIError({
    message: `Empty stream from ${context.llmProvider}/${context.model}`,
    llmProvider: context.llmProvider,
    model: context.model,
  });
}

/** `JSON.parse`, or undefined when the text is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What `readUpstreamJson` checks a body with: a zod schema, or a parser with zod's result. */
export interface UpstreamJsonParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.ZodError };
}

/**
 * Reads a JSON body and checks it against `schema` (an `APIError` naming the provider when
 * it does not match). `bodyError` lets an adapter turn a 200 that carries an error envelope
 * into its own error; it sees whether the body matched the schema.
 */
export async function readUpstreamJson<T>(
  response: UpstreamResponse,
  schema: UpstreamJsonParser<T>,
  context: UpstreamBodyContext & {
    bodyError?: (json: unknown, text: string, matchesSchema: boolean) => APIError | undefined;
  },
): Promise<T> {
  const text = await readUpstreamText(response, context);
  const json = parseJsonOrUndefined(text);
  const result = schema.safeParse(json);
  const bodyError = context.bodyError?.(json, text, result.success);
  if (bodyError) throw bodyError;
  if (!result.success) {
    const reason =
      json === undefined ? 'not JSON' : (result.error.issues[0]?.message ?? 'unexpected shape');
    throw new APIError({
      message: `Invalid response from ${context.llmProvider}/${context.model}: ${reason}`,
      llmProvider: context.llmProvider,
      model: context.model,
      headers: headersToRecord(response.headers),
      body: json ?? text,
    });
  }
  return result.data;
}

/** Status, headers and URL of an upstream response, as adapters return them. */
export function toRawResponse(response: UpstreamResponse): RawResponseV1 {
  return { status: response.status, headers: headersToRecord(response.headers), url: response.url };
}
