import {
  APIConnectionError,
  type APIError,
  APITimeoutError,
  type CallOptionsV1,
  fetchUpstream,
  headersToRecord,
  readUpstreamJson,
  readUpstreamText,
  type UpstreamResponse,
} from '@llmux/core';
import type { z } from 'zod';
import type { OllamaConfig } from './ollama-config.js';
import { createOllamaBodyError, createOllamaError } from './ollama-error.js';

/** The system error code (`ECONNREFUSED` …) under fetch's `TypeError: fetch failed`. */
function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    // Happy eyeballs (localhost → ::1 and 127.0.0.1) fails with an AggregateError.
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Says what is wrong when nothing answers at the Ollama address, and how to fix it. */
function explainConnectionError(error: APIConnectionError, config: OllamaConfig): APIError {
  const code = networkErrorCode(error.cause);
  let explanation: string | undefined;
  if (code === 'ECONNREFUSED') {
    explanation = `nothing is listening at ${config.baseURL} (connection refused). Start Ollama (\`ollama serve\`, or open the Ollama app), or point api_base / OLLAMA_API_BASE at the server where it runs.`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    explanation = `the host of ${config.baseURL} could not be resolved (${code}). Check api_base / OLLAMA_API_BASE / OLLAMA_HOST.`;
  }
  if (explanation === undefined) return error;
  return new APIConnectionError({
    message: `Cannot reach Ollama for ${config.provider}/${config.modelId}: ${explanation}`,
    llmProvider: config.provider,
    model: config.modelId,
    cause: error.cause,
  });
}

/** POSTs JSON to `{baseURL}{path}`; a non-2xx answer is thrown as the matching `APIError`. */
export async function postOllamaRequest({
  config,
  path,
  body,
  options,
}: {
  config: OllamaConfig;
  path: string;
  body: unknown;
  options: CallOptionsV1;
}): Promise<UpstreamResponse> {
  const url = `${config.baseURL}${path}`;
  let response: UpstreamResponse;
  try {
    response = await fetchUpstream({
      url,
      headers: config.headers(options.headers),
      body: JSON.stringify(body),
      fetch: config.fetch,
      abortSignal: options.abortSignal,
      llmProvider: config.provider,
      model: config.modelId,
    });
  } catch (error) {
    if (APIConnectionError.isInstance(error) && !APITimeoutError.isInstance(error)) {
      throw explainConnectionError(error, config);
    }
    throw error;
  }
  if (!response.ok) {
    throw createOllamaError({
      status: response.status,
      headers: headersToRecord(response.headers),
      bodyText: await readUpstreamText(response, {
        llmProvider: config.provider,
        model: config.modelId,
        abortSignal: options.abortSignal,
      }),
      url,
      context: { llmProvider: config.provider, model: config.modelId },
    });
  }
  return response;
}

/** Reads a JSON body and checks it against `schema`; an `{"error": …}` body sent with 200 is thrown. */
export function readOllamaResponse<T>(
  response: UpstreamResponse,
  schema: z.ZodType<T>,
  config: OllamaConfig,
  abortSignal: AbortSignal | undefined,
): Promise<T> {
  const context = { llmProvider: config.provider, model: config.modelId };
  return readUpstreamJson(response, schema, {
    ...context,
    abortSignal,
    bodyError: json =>
      typeof json === 'object' &&
      json !== null &&
      typeof (json as { error?: unknown }).error === 'string'
        ? createOllamaBodyError({ body: json, context })
        : undefined,
  });
}

export { toRawResponse as rawResponseOf } from '@llmux/core';
