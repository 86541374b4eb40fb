import {
  type CallOptionsV1,
  fetchUpstream,
  headersToRecord,
  readUpstreamText,
  type UpstreamResponse,
} from '@llmux/core';
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
}): Promise<UpstreamResponse> {
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
