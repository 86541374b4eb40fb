import type {
  CallOptionsV1,
  ChatCompletionRequest,
  ChatGenerateResultV1,
  ChatModelV1,
  ChatStreamResultV1,
} from '@llmux/core';
import { takeAzureCallParams } from './azure-call-params.js';
import { throwIfCompletionFiltered } from './azure-content-filter.js';

/**
 * Chat completions on an Azure deployment: the OpenAI-compatible base does the wire work;
 * this adds the per-call `azure_ad_token` and the filtered-completion error.
 */
export class AzureChatModel implements ChatModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider = 'azure';
  readonly modelId: string;
  /** The base model, with the call's `azure_ad_token` (when it has one) in its settings. */
  private readonly baseModel: (azureAdToken: string | undefined) => ChatModelV1;

  constructor({
    modelId,
    baseModel,
  }: {
    modelId: string;
    baseModel: (azureAdToken: string | undefined) => ChatModelV1;
  }) {
    this.modelId = modelId;
    this.baseModel = baseModel;
  }

  async doGenerate(
    request: ChatCompletionRequest,
    options: CallOptionsV1,
  ): Promise<ChatGenerateResultV1> {
    const call = takeAzureCallParams(request, this.modelId);
    const result = await this.baseModel(call.azureAdToken).doGenerate(call.request, options);
    throwIfCompletionFiltered(result, this.modelId);
    return result;
  }

  async doStream(
    request: ChatCompletionRequest,
    options: CallOptionsV1,
  ): Promise<ChatStreamResultV1> {
    const call = takeAzureCallParams(request, this.modelId);
    return this.baseModel(call.azureAdToken).doStream(call.request, options);
  }
}
