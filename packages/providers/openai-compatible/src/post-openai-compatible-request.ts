import {
  APIError,
  type CallOptionsV1,
  fetchUpstream,
  headersToRecord,
  type RawResponseV1,
  toUpstreamError,
} from '@llmux/core';
import type { z } from 'zod';
import {
  createOpenAICompatibleError,
  createOpenAICompatibleStreamError,
} from './openai-compatible-error.js';
import type { OpenAICompatibleModelConfig } from './openai-compatible-model-config.js';

async function readText(
  response: Response,
  config: OpenAICompatibleModelConfig,
  abortSignal: AbortSignal | undefined,
): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw toUpstreamError(error, abortSignal, config.provider, config.modelId);
  }
}

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
}): Promise<Response> {
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
      bodyText: await readText(response, config, options.abortSignal),
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
export async function readOpenAICompatibleResponse<T>(
  response: Response,
  schema: z.ZodType<T>,
  config: OpenAICompatibleModelConfig,
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
  if (!result.success && hasErrorField(json)) {
    // Some gateways (OpenRouter) answer 200 with an error envelope.
    throw createOpenAICompatibleStreamError({
      data: text,
      llmProvider: config.provider,
      model: config.modelId,
      mapError: config.providerConfig.mapError,
    });
  }
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
