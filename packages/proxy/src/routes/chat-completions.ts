import { type CompletionStream, type ModelResponse, parseChatCompletionRequest } from '@llmux/core';
import type { RoutedCall } from '@llmux/router';
import type { Handler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { withoutClientCallOptions } from '../http/client-call-options.js';
import { jsonResponse } from '../http/json-response.js';
import { readJsonObject } from '../http/read-json-object.js';
import { requireModel, unknownModelError } from '../http/require-model.js';
import { responseAlreadySent } from '../http/response-already-sent.js';
import { resolveKeyModel } from '../keys/resolve-key-model.js';
import { estimateTokensOf } from '../keys/worst-case-cost.js';
import { accessGroupsIn } from '../limits/model-access.js';
import { clientDisconnectedFailure, failureFromError } from '../spend/build-spend-log.js';
import type { SseOutcome, SseResponseOptions } from '../streaming/sse-events.js';
import { toSseResponse } from '../streaming/to-sse-response.js';
import { writeSseToNode } from '../streaming/write-sse-to-node.js';
import { startModelCall } from './model-call.js';
import type { RouteDependencies } from './route-dependencies.js';
import { nodeResponseOf } from './watch-client-disconnect.js';

/**
 * `POST /chat/completions` and `/v1/chat/completions`: OpenAI chat completions, routed by
 * `model` through `model_list`, as JSON or (with `stream: true`) as SSE. The response's
 * `model` is the model group asked for, as LiteLLM answers.
 */
export function chatCompletions(dependencies: RouteDependencies): Handler<AppEnv> {
  const accessGroupsOf = accessGroupsIn(dependencies.router);
  return async function chatCompletions(c) {
    const body = withoutClientCallOptions(await readJsonObject(c));
    requireModel(body);
    const parsed = parseChatCompletionRequest(body);
    // A virtual key's aliases pick the group; its `models` list may refuse it.
    const modelGroup = resolveKeyModel(c.get('auth'), parsed.model, accessGroupsOf);
    // One copy carries the group and the call's own settings to the router.
    const request = { ...parsed, model: modelGroup, metadata: parsed.metadata ?? undefined };
    if (!dependencies.router.hasModel(modelGroup)) throw unknownModelError(modelGroup);
    const started = startModelCall(c, dependencies, {
      callType: 'acompletion',
      modelGroup,
      endUser: request.user,
      stream: request.stream === true,
      size: () => ({
        promptTokens: estimateTokensOf(request.messages),
        maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
      }),
    });
    const call = started instanceof Promise ? await started : started;

    if (request.stream) {
      let stream: CompletionStream & { routed: RoutedCall };
      try {
        stream = await dependencies.router.completion({
          ...request,
          stream: true,
          signal: call.signal,
        });
      } catch (error) {
        call.recordFailure(error);
        throw error;
      }
      call.routed(stream);
      const sseOptions: SseResponseOptions = {
        modelGroup,
        callId: c.get('callId'),
        headers: call.headers(stream, { includeCost: false }),
        includeUsage: request.stream_options?.include_usage === true,
        onClientDisconnect: () => call.abort(),
      };
      const outgoing = nodeResponseOf(c);
      let response: Response;
      let outcome: Promise<SseOutcome>;
      if (outgoing) {
        outcome = writeSseToNode(outgoing, stream, sseOptions);
        c.set('callIdHeaderSet', true);
        response = responseAlreadySent;
      } else {
        ({ response, outcome } = toSseResponse(stream, sseOptions));
      }
      call.recordSpend(
        Promise.all([stream.done, outcome]).then(([hidden, ended]) => ({
          hidden,
          responseId: ended.responseId,
          completionStartedAt: ended.completionStartedAt,
          failure: ended.clientDisconnected
            ? clientDisconnectedFailure
            : ended.error !== undefined
              ? failureFromError(ended.error)
              : undefined,
        })),
        stream,
      );
      return response;
    }

    let response: ModelResponse & { routed: RoutedCall };
    try {
      response = await dependencies.router.completion({
        ...request,
        stream: false,
        signal: call.signal,
      });
    } catch (error) {
      call.recordFailure(error);
      throw error;
    }
    call.routed(response);
    call.recordSpend(
      { hidden: response._hidden_params, responseId: response.id, completionStartedAt: new Date() },
      response,
    );
    // The response is this call's own object: answer the group asked for in place.
    response.model = modelGroup;
    return jsonResponse(c, response, 200, call.headers(response, { includeCost: true }));
  };
}
