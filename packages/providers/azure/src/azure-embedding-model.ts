import type { CallOptionsV1, EmbeddingModelV1, EmbeddingRequest, EmbedResultV1 } from '@llmux/core';
import { takeAzureCallParams } from './azure-call-params.js';

/** Embeddings on an Azure deployment (`/openai/deployments/{deployment}/embeddings`). */
export class AzureEmbeddingModel implements EmbeddingModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider = 'azure';
  readonly modelId: string;
  private readonly baseModel: (azureAdToken: string | undefined) => EmbeddingModelV1;

  constructor({
    modelId,
    baseModel,
  }: {
    modelId: string;
    baseModel: (azureAdToken: string | undefined) => EmbeddingModelV1;
  }) {
    this.modelId = modelId;
    this.baseModel = baseModel;
  }

  async doEmbed(request: EmbeddingRequest, options: CallOptionsV1): Promise<EmbedResultV1> {
    const call = takeAzureCallParams(request, this.modelId);
    return this.baseModel(call.azureAdToken).doEmbed(call.request, options);
  }
}
