import {
  type CallOptionsV1,
  fetchUpstream,
  headersToRecord,
  readUpstreamJson,
  readUpstreamText,
  type UpstreamJsonParser,
  type UpstreamResponse,
} from '@llmux/core';
import {
  createOpenAICompatibleError,
  createOpenAICompatibleStreamError,
} from './openai-compatible-error.js';
import type { OpenAICompatibleModelConfig } from './openai-compatible-model-config.js';

/** POSTs JSON to the provider URL for `path`; a non-2xx answer is thrown as the matching `APIError`. */
export async function postOpenAICompatibleRequest({
  config,
  path,
  body,
  options,
}: {
  config: OpenAICompatibleModelConfig;
  path: string;
  body: unknown;
  options: CallOptionsV1;
}): Promise<UpstreamResponse> {
  const response = await fetchUpstream({
    url: config.url(path),
    headers: config.headers(options.headers),
    body: JSON.stringify(body),
    fetch: config.fetch,
    abortSignal: options.abortSignal,
    llmProvider: config.provider,
    model: config.modelId,
  });
  if (!response.ok) {
    throw createOpenAICompatibleError({
      status: response.status,
      headers: headersToRecord(response.headers),
      bodyText: await readUpstreamText(response, {
        llmProvider: config.provider,
        model: config.modelId,
        abortSignal: options.abortSignal,
      }),
      llmProvider: config.provider,
      model: config.modelId,
      mapError: config.providerConfig.mapError,
    });
  }
  return response;
}

function hasErrorField(json: unknown): boolean {
  return (
    typeof json === 'object' &&
    json !== null &&
    'error' in json &&
    (json as { error: unknown }).error !== null &&
    (json as { error: unknown }).error !== undefined
  );
}

/** Reads a JSON body and checks it against `schema`. */
export function readOpenAICompatibleResponse<T>(
  response: UpstreamResponse,
  schema: UpstreamJsonParser<T>,
  config: OpenAICompatibleModelConfig,
  abortSignal: AbortSignal | undefined,
): Promise<T> {
  return readUpstreamJson(response, schema, {
    llmProvider: config.provider,
    model: config.modelId,
    abortSignal,
    // Some gateways (OpenRouter) answer 200 with an error envelope.
    bodyError: (json, text, matchesSchema) =>
      !matchesSchema && hasErrorField(json)
        ? createOpenAICompatibleStreamError({
            data: text,
            llmProvider: config.provider,
            model: config.modelId,
            mapError: config.providerConfig.mapError,
          })
        : undefined,
  });
}

export { toRawResponse as rawResponseOf } from '@llmux/core';
