import {
  type CallOptionsV1,
  fetchUpstream,
  headersToRecord,
  readUpstreamJson,
  readUpstreamText,
} from '@llmux/core';
import type { z } from 'zod';
import type { AnthropicConfig } from './anthropic-config.js';
import { createAnthropicError } from './anthropic-error.js';

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
      bodyText: await readUpstreamText(response, {
        llmProvider: config.provider,
        model: config.modelId,
        abortSignal: options.abortSignal,
      }),
      llmProvider: config.provider,
      model: config.modelId,
    });
  }
  return response;
}

/** Reads a JSON body and checks it against `schema`. */
export function readAnthropicResponse<T>(
  response: Response,
  schema: z.ZodType<T>,
  config: AnthropicConfig,
  abortSignal: AbortSignal | undefined,
): Promise<T> {
  return readUpstreamJson(response, schema, {
    llmProvider: config.provider,
    model: config.modelId,
    abortSignal,
  });
}

export { toRawResponse as rawResponseOf } from '@llmux/core';
