import type { ChatCompletionRequest } from '../openai/chat-completion-request.js';
import type { ChatCompletion } from '../openai/chat-completion-response.js';
import { costForUsage, picoToDollars } from '../pricing/index.js';
import type { ChatGenerateResultV1, ChatStreamResultV1 } from '../provider/provider-v1.js';
import { toUpstreamError } from '../utils/fetch-upstream.js';
import { createAttemptSignal } from './attempt-signal.js';
import type { CompletionParams } from './completion-options.js';
import { splitCallOptions } from './completion-options.js';
import { CompletionStream } from './completion-stream.js';
import { estimatePromptTokens } from './estimate-tokens.js';
import { attachHiddenParams, type HiddenParams } from './hidden-params.js';
import { isDebugEnabled, sdkLog } from './logger.js';
import { mockGenerate, mockStream } from './mock-response.js';
import { getProvider, registeredProvider } from './provider-registry.js';
import type { CallTarget } from './resolve-call.js';
import { runWithFallbacks } from './run-with-fallbacks.js';

export type ModelResponse = ChatCompletion & { readonly _hidden_params: HiddenParams };

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000;
}

async function generateOnce(
  body: ChatCompletionRequest,
  target: CallTarget,
): Promise<ChatGenerateResultV1> {
  const options = target.options;
  const request = { ...body, model: target.modelId };
  if (options.mock_response !== undefined) {
    return mockGenerate(request, options.mock_response, target.provider, target.modelId);
  }
  const provider = registeredProvider(target.provider) ?? (await getProvider(target.provider));
  const model = provider.chatModel(target.modelId, target.settings);
  const attemptSignal = createAttemptSignal(options.signal, secondsToMs(options.timeout));
  const started = performance.now();
  try {
    return await model.doGenerate(request, {
      abortSignal: attemptSignal.signal,
      dropParams: options.drop_params,
    });
  } catch (error) {
    throw toUpstreamError(error, attemptSignal.signal, target.provider, target.modelId);
  } finally {
    attemptSignal.release();
    if (isDebugEnabled()) {
      sdkLog('debug', 'completion', {
        provider: target.provider,
        model: target.modelId,
        apiBase: target.settings.apiBase,
        ms: Math.round(performance.now() - started),
      });
    }
  }
}

async function streamOnce(
  body: ChatCompletionRequest,
  target: CallTarget,
): Promise<{ result: ChatStreamResultV1; release: () => void }> {
  const options = target.options;
  const request = { ...body, model: target.modelId };
  if (options.mock_response !== undefined) {
    return {
      result: mockStream(request, options.mock_response, target.provider, target.modelId),
      release: () => undefined,
    };
  }
  const provider = registeredProvider(target.provider) ?? (await getProvider(target.provider));
  const model = provider.chatModel(target.modelId, target.settings);
  const attemptSignal = createAttemptSignal(options.signal, secondsToMs(options.timeout));
  try {
    const result = await model.doStream(request, {
      abortSignal: attemptSignal.signal,
      dropParams: options.drop_params,
    });
    attemptSignal.stopTimer();
    return { result, release: attemptSignal.release };
  } catch (error) {
    attemptSignal.release();
    throw toUpstreamError(error, attemptSignal.signal, target.provider, target.modelId);
  }
}

/**
 * LiteLLM's `completion()`: an OpenAI chat call to any provider, named `provider/model`.
 * Retries (`num_retries`), `fallbacks`, `timeout` and `mock_response` as LiteLLM has them.
 *
 * @example
 * const response = await completion({
 *   model: 'openai/gpt-4o',
 *   messages: [{ role: 'user', content: 'Hello' }],
 *   fallbacks: ['anthropic/claude-sonnet-4-20250514'],
 *   num_retries: 2,
 * });
 * console.log(response.choices[0]?.message.content);
 */
export async function completion(
  params: CompletionParams & { stream: true },
): Promise<CompletionStream>;
export async function completion(
  params: CompletionParams & { stream?: false | null | undefined },
): Promise<ModelResponse>;
export async function completion(
  params: CompletionParams,
): Promise<ModelResponse | CompletionStream>;
export async function completion(
  params: CompletionParams,
): Promise<ModelResponse | CompletionStream> {
  const { options, body } = splitCallOptions(params);
  const request = body as ChatCompletionRequest;
  if (request.stream) {
    const outcome = await runWithFallbacks(params.model, options, target =>
      streamOnce(request, target),
    );
    const { result, release } = outcome.value;
    return new CompletionStream({
      stream: result.stream,
      target: outcome.target,
      headers: result.rawResponse.headers,
      promptTokenEstimate: estimatePromptTokens(request.messages),
      attemptedRetries: outcome.attemptedRetries,
      attemptedFallbacks: outcome.attemptedFallbacks,
      onFinish: release,
    });
  }
  const outcome = await runWithFallbacks(params.model, options, target =>
    generateOnce(request, target),
  );
  const { response, usage, rawResponse } = outcome.value;
  const target = outcome.target;
  const { costPico, priced } = costForUsage({
    provider: target.provider,
    modelId: target.modelId,
    usage,
    customPrice: target.customPrice,
    baseModel: target.options.base_model,
  });
  return attachHiddenParams(response, {
    custom_llm_provider: target.provider,
    model: target.modelId,
    api_base: target.settings.apiBase,
    response_cost: picoToDollars(costPico),
    response_cost_pico: costPico,
    priced,
    usage,
    usage_estimated: false,
    additional_headers: rawResponse.headers,
    attempted_retries: outcome.attemptedRetries,
    attempted_fallbacks: outcome.attemptedFallbacks,
  });
}
