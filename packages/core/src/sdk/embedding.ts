import { BadRequestError } from '../errors/bad-request-error.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../openai/embedding.js';
import { costForUsage, picoToDollars } from '../pricing/index.js';
import type { EmbedResultV1 } from '../provider/provider-v1.js';
import { toUpstreamError } from '../utils/fetch-upstream.js';
import { createAttemptSignal } from './attempt-signal.js';
import { type EmbeddingParams, splitCallOptions } from './completion-options.js';
import { attachHiddenParams, type HiddenParams } from './hidden-params.js';
import { mockEmbed } from './mock-response.js';
import { getProvider, registeredProvider } from './provider-registry.js';
import type { CallTarget } from './resolve-call.js';
import { runWithFallbacks } from './run-with-fallbacks.js';

export type EmbeddingResult = EmbeddingResponse & { readonly _hidden_params: HiddenParams };

async function embedOnce(body: EmbeddingRequest, target: CallTarget): Promise<EmbedResultV1> {
  const options = target.options;
  const request = { ...body, model: target.modelId };
  if (options.mock_response !== undefined) {
    return mockEmbed(request, options.mock_response, target.provider, target.modelId);
  }
  const provider = registeredProvider(target.provider) ?? (await getProvider(target.provider));
  if (!provider.embeddingModel) {
    throw new BadRequestError({
      message: `Provider '${target.provider}' does not offer embeddings.`,
      param: 'model',
      llmProvider: target.provider,
      model: target.modelId,
    });
  }
  const model = provider.embeddingModel(target.modelId, target.settings);
  const attemptSignal = createAttemptSignal(
    options.signal,
    options.timeout === undefined ? undefined : options.timeout * 1000,
  );
  try {
    return await model.doEmbed(request, {
      abortSignal: attemptSignal.signal,
      dropParams: options.drop_params,
    });
  } catch (error) {
    throw toUpstreamError(error, attemptSignal.signal, target.provider, target.modelId);
  } finally {
    attemptSignal.release();
  }
}

/**
 * LiteLLM's `embedding()`: OpenAI embeddings from any provider that offers them.
 *
 * @example
 * const result = await embedding({ model: 'openai/text-embedding-3-small', input: ['hello'] });
 * console.log(result.data[0]?.embedding.length);
 */
export async function embedding(params: EmbeddingParams): Promise<EmbeddingResult> {
  const { options, body } = splitCallOptions(params);
  const outcome = await runWithFallbacks(params.model, options, target =>
    embedOnce(body as EmbeddingRequest, target),
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
