import {
  type CallOptionsV1,
  fetchUpstream,
  headersToRecord,
  readUpstreamJson,
  readUpstreamText,
  type UpstreamResponse,
} from '@llmux/core';
import type { z } from 'zod';
import type { BedrockAuth } from './bedrock-auth.js';
import type { BedrockConfig } from './bedrock-config.js';
import { createBedrockError } from './bedrock-error.js';
import { encodeBedrockModelId } from './bedrock-model-id.js';
import { signAwsRequest } from './sign-aws-request.js';

/** The bedrock-runtime operations llmux calls, by their path under `/model/{modelId}/`. */
export type BedrockOperation = 'converse' | 'converse-stream' | 'invoke';

/** `{endpoint}/model/{URL-encoded model id}/{operation}`. */
export function bedrockOperationURL(config: BedrockConfig, operation: BedrockOperation): URL {
  return new URL(
    `${config.endpoint}/model/${encodeBedrockModelId(config.wireModelId)}/${operation}`,
  );
}

/** The headers that authorise a request: a bearer token, or SigV4 over exactly these bytes. */
export async function authorizeBedrockRequest(options: {
  auth: BedrockAuth;
  url: URL;
  headers: Record<string, string>;
  body: string;
  region: string;
}): Promise<Record<string, string>> {
  const { auth } = options;
  if (auth.type === 'bearer') {
    return { ...options.headers, authorization: `Bearer ${auth.token}` };
  }
  return signAwsRequest({
    method: 'POST',
    url: options.url,
    headers: options.headers,
    body: options.body,
    credentials: auth.credentials,
    region: options.region,
  });
}

/**
 * POSTs a JSON body to a bedrock-runtime operation, authorised with the deployment's
 * credentials; a non-2xx answer is thrown as the matching `APIError`.
 */
export async function postBedrockRequest({
  config,
  operation,
  body,
  options,
}: {
  config: BedrockConfig;
  operation: BedrockOperation;
  body: unknown;
  options: CallOptionsV1;
}): Promise<UpstreamResponse> {
  const url = bedrockOperationURL(config, operation);
  const bodyText = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(operation === 'invoke' ? { accept: 'application/json' } : {}),
    ...config.headers,
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  const response = await fetchUpstream({
    url: url.href,
    headers: await authorizeBedrockRequest({
      auth: config.auth(),
      url,
      headers,
      body: bodyText,
      region: config.region,
    }),
    body: bodyText,
    fetch: config.fetch,
    abortSignal: options.abortSignal,
    llmProvider: config.provider,
    model: config.modelId,
  });
  if (!response.ok) {
    throw createBedrockError({
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
export function readBedrockResponse<T>(
  response: UpstreamResponse,
  schema: z.ZodType<T>,
  config: BedrockConfig,
  abortSignal: AbortSignal | undefined,
): Promise<T> {
  return readUpstreamJson(response, schema, {
    llmProvider: config.provider,
    model: config.modelId,
    abortSignal,
  });
}

export { toRawResponse as rawResponseOf } from '@llmux/core';
