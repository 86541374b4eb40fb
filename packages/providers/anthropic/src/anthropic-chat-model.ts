import {
  APIError,
  type CallOptionsV1,
  type ChatCompletionRequest,
  type ChatGenerateResultV1,
  type ChatModelV1,
  type ChatStreamResultV1,
} from '@llmux/core';
import { anthropicMessageSchema } from './anthropic-api.js';
import type { AnthropicConfig } from './anthropic-config.js';
import { prepareAnthropicRequest } from './anthropic-prepare-request.js';
import { createAnthropicStreamParts } from './anthropic-stream-parts.js';
import { convertAnthropicResponse } from './convert-anthropic-response.js';
import {
  postAnthropicRequest,
  rawResponseOf,
  readAnthropicResponse,
} from './post-anthropic-request.js';

/** Chat completions through Anthropic's Messages API (`POST /v1/messages`). */
export class AnthropicChatModel implements ChatModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  private readonly config: AnthropicConfig;

  constructor(config: AnthropicConfig) {
    this.config = config;
    this.provider = config.provider;
    this.modelId = config.modelId;
  }

  private prepare(request: ChatCompletionRequest, options: CallOptionsV1, stream: boolean) {
    return prepareAnthropicRequest(request, {
      modelId: this.modelId,
      llmProvider: this.provider,
      stream,
      dropParams: options.dropParams ?? false,
    });
  }

  async doGenerate(
    request: ChatCompletionRequest,
    options: CallOptionsV1,
  ): Promise<ChatGenerateResultV1> {
    const { body, jsonToolName, warnings } = this.prepare(request, options, false);
    const response = await postAnthropicRequest({ config: this.config, body, options });
    const message = await readAnthropicResponse(
      response,
      anthropicMessageSchema,
      this.config,
      options.abortSignal,
    );
    const { completion, usage } = convertAnthropicResponse(message, { jsonToolName });
    return { response: completion, usage, rawResponse: rawResponseOf(response), warnings };
  }

  async doStream(
    request: ChatCompletionRequest,
    options: CallOptionsV1,
  ): Promise<ChatStreamResultV1> {
    const { body, jsonToolName } = this.prepare(request, options, true);
    const response = await postAnthropicRequest({ config: this.config, body, options });
    if (!response.body) {
      throw new APIError({
        message: `Empty stream from ${this.provider}/${this.modelId}`,
        llmProvider: this.provider,
        model: this.modelId,
      });
    }
    return {
      stream: createAnthropicStreamParts({
        body: response.body,
        abortSignal: options.abortSignal,
        llmProvider: this.provider,
        model: this.modelId,
        jsonToolName,
      }),
      rawResponse: rawResponseOf(response),
    };
  }
}
