import {
  type CallOptionsV1,
  type EmbeddingModelV1,
  type EmbeddingRequest,
  type EmbedResultV1,
  embeddingResponseSchema,
  emptyUsage,
} from '@llmux/core';
import type { OpenAICompatibleModelConfig } from './openai-compatible-model-config.js';
import {
  postOpenAICompatibleRequest,
  rawResponseOf,
  readOpenAICompatibleResponse,
} from './post-openai-compatible-request.js';

export class OpenAICompatibleEmbeddingModel implements EmbeddingModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  private readonly config: OpenAICompatibleModelConfig;

  constructor(config: OpenAICompatibleModelConfig) {
    this.config = config;
    this.provider = config.provider;
    this.modelId = config.modelId;
  }

  async doEmbed(request: EmbeddingRequest, options: CallOptionsV1): Promise<EmbedResultV1> {
    const body: Record<string, unknown> = { ...request };
    if (this.config.providerConfig.modelInBody === false) delete body.model;
    const response = await postOpenAICompatibleRequest({
      config: this.config,
      path: '/embeddings',
      body,
      options,
    });
    const embeddings = await readOpenAICompatibleResponse(
      response,
      embeddingResponseSchema,
      this.config,
      options.abortSignal,
    );
    const promptTokens = embeddings.usage?.prompt_tokens ?? 0;
    return {
      response: embeddings,
      usage: {
        ...emptyUsage,
        promptTokens,
        totalTokens: embeddings.usage?.total_tokens ?? promptTokens,
      },
      rawResponse: rawResponseOf(response),
    };
  }
}
