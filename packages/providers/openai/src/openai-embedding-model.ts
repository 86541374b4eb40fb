import {
  type CallOptionsV1,
  type EmbeddingModelV1,
  type EmbeddingRequest,
  type EmbedResultV1,
  embeddingResponseSchema,
  emptyUsage,
} from '@llmux/core';
import type { OpenAIConfig } from './openai-config.js';
import { postOpenAIRequest, rawResponseOf, readOpenAIResponse } from './post-openai-request.js';

export class OpenAIEmbeddingModel implements EmbeddingModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  private readonly config: OpenAIConfig;

  constructor(config: OpenAIConfig) {
    this.config = config;
    this.provider = config.provider;
    this.modelId = config.modelId;
  }

  async doEmbed(request: EmbeddingRequest, options: CallOptionsV1): Promise<EmbedResultV1> {
    const response = await postOpenAIRequest({
      config: this.config,
      path: '/embeddings',
      body: request,
      options,
    });
    const embeddings = await readOpenAIResponse(
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
