import {
  type APIError,
  type CallOptionsV1,
  fetchUpstream,
  headersToRecord,
  readUpstreamText,
  type UpstreamResponse,
} from '@llmux/core';
import { createGoogleError } from './google-error.js';
import type { GoogleModelConfig } from './google-model-config.js';

export type CreateUpstreamError = typeof createGoogleError;

/**
 * POSTs a JSON body to `:{method}`; a non-2xx answer is thrown as the matching `APIError`
 * (Google's envelope unless `createError` reads another). A 401 drops the cached token.
 */
export async function postGoogleRequest({
  config,
  method,
  sse = false,
  body,
  options,
  createError = createGoogleError,
}: {
  config: GoogleModelConfig;
  method: string;
  sse?: boolean;
  body: unknown;
  options: CallOptionsV1;
  createError?: CreateUpstreamError;
}): Promise<UpstreamResponse> {
  const target = await config.resolve(method, {
    sse,
    callHeaders: options.headers,
    abortSignal: options.abortSignal,
  });
  const response = await fetchUpstream({
    url: target.url,
    headers: target.headers,
    body: JSON.stringify(body),
    fetch: config.fetch,
    abortSignal: options.abortSignal,
    llmProvider: config.provider,
    model: config.modelId,
  });
  if (!response.ok) {
    if (response.status === 401) config.onUnauthenticated();
    const error: APIError = createError({
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
    throw error;
  }
  return response;
}

export { toRawResponse as rawResponseOf } from '@llmux/core';
