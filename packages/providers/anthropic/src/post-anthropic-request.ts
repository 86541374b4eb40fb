import {
  APIError,
  type CallOptionsV1,
  fetchUpstream,
  headersToRecord,
  type RawResponseV1,
  toUpstreamError,
} from '@llmux/core';
import type { z } from 'zod';
import type { AnthropicConfig } from './anthropic-config.js';
import { createAnthropicError } from './anthropic-error.js';

async function readText(
  response: Response,
  config: AnthropicConfig,
  abortSignal: AbortSignal | undefined,
): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw toUpstreamError(error, abortSignal, config.provider, config.modelId);
  }
}

/** POSTs a Messages body; a non-2xx answer is thrown as the matching `APIError`. */
export async function postAnthropicRequest({
  config,
  body,
  options,
}: {
  config: AnthropicConfig;
  body: unknown;
  options: CallOptionsV1;
}): Promise<Response> {
  const response = await fetchUpstream({
    url: config.messagesURL,
    headers: config.headers(options.headers),
    body: JSON.stringify(body),
    fetch: config.fetch,
    abortSignal: options.abortSignal,
    llmProvider: config.provider,
    model: config.modelId,
  });
  if (!response.ok) {
    throw createAnthropicError({
      status: response.status,
      headers: headersToRecord(response.headers),
      bodyText: await readText(response, config, options.abortSignal),
      llmProvider: config.provider,
      model: config.modelId,
    });
  }
  return response;
}

/** Reads a JSON body and checks it against `schema`. */
export async function readAnthropicResponse<T>(
  response: Response,
  schema: z.ZodType<T>,
  config: AnthropicConfig,
  abortSignal: AbortSignal | undefined,
): Promise<T> {
  const text = await readText(response, config, abortSignal);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const reason =
      json === undefined ? 'not JSON' : (result.error.issues[0]?.message ?? 'unexpected shape');
    throw new APIError({
      message: `Invalid response from ${config.provider}/${config.modelId}: ${reason}`,
      llmProvider: config.provider,
      model: config.modelId,
      headers: headersToRecord(response.headers),
      body: json ?? text,
    });
  }
  return result.data;
}

export function rawResponseOf(response: Response): RawResponseV1 {
  return { status: response.status, headers: headersToRecord(response.headers), url: response.url };
}
