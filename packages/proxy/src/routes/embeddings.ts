import { type EmbeddingResult, parseEmbeddingRequest } from '@llmux/core';
import type { RoutedCall } from '@llmux/router';
import type { Handler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { withoutClientCallOptions } from '../http/client-call-options.js';
import { jsonResponse } from '../http/json-response.js';
import { readJsonObject } from '../http/read-json-object.js';
import { requireModel, unknownModelError } from '../http/require-model.js';
import { resolveKeyModel } from '../keys/resolve-key-model.js';
import { estimateTokensOf } from '../keys/worst-case-cost.js';
import { accessGroupsIn } from '../limits/model-access.js';
import { startModelCall } from './model-call.js';
import type { RouteDependencies } from './route-dependencies.js';

/** `POST /embeddings` and `/v1/embeddings`: OpenAI embeddings, routed by `model`. */
export function embeddings(dependencies: RouteDependencies): Handler<AppEnv> {
  const accessGroupsOf = accessGroupsIn(dependencies.router);
  return async function embeddings(c) {
    const body = withoutClientCallOptions(await readJsonObject(c));
    requireModel(body);
    const parsed = parseEmbeddingRequest(body);
    // A virtual key's aliases pick the group; its `models` list may refuse it.
    const modelGroup = resolveKeyModel(c.get('auth'), parsed.model, accessGroupsOf);
    const request = { ...parsed, model: modelGroup };
    if (!dependencies.router.hasModel(modelGroup)) throw unknownModelError(modelGroup);
    const started = startModelCall(c, dependencies, {
      callType: 'aembedding',
      modelGroup,
      endUser: request.user,
      stream: false,
      size: () => ({ promptTokens: estimateTokensOf(request.input), maxOutputTokens: 0 }),
    });
    const call = started instanceof Promise ? await started : started;
    let result: EmbeddingResult & { routed: RoutedCall };
    try {
      result = await dependencies.router.embedding({ ...request, signal: call.signal });
    } catch (error) {
      call.recordFailure(error);
      throw error;
    }
    call.routed(result);
    call.recordSpend({ hidden: result._hidden_params, completionStartedAt: new Date() }, result);
    return jsonResponse(
      c,
      { ...result, model: modelGroup },
      200,
      call.headers(result, { includeCost: true }),
    );
  };
}
