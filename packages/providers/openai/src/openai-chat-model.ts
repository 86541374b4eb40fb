import {
  APIError,
  type CallOptionsV1,
  type ChatCompletionRequest,
  type ChatGenerateResultV1,
  type ChatModelV1,
  type ChatStreamResultV1,
  chatCompletionSchema,
  usageFromOpenAI,
} from '@llmux/core';
import type { OpenAIConfig } from './openai-config.js';
import { createOpenAIStreamParts } from './openai-stream-parts.js';
import { postOpenAIRequest, rawResponseOf, readOpenAIResponse } from './post-openai-request.js';

/**
 * Chat completions against OpenAI or any OpenAI-compatible server. The request goes out as
 * given, unknown fields included; only `stream` (and its options) are set here.
 */
export class OpenAIChatModel implements ChatModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  private readonly config: OpenAIConfig;

  constructor(config: OpenAIConfig) {
    this.config = config;
    this.provider = config.provider;
    this.modelId = config.modelId;
  }

  async doGenerate(
    request: ChatCompletionRequest,
    options: CallOptionsV1,
  ): Promise<ChatGenerateResultV1> {
    // OpenAI rejects `stream_options` unless `stream` is true.
    const body = { ...request, stream: false, stream_options: undefined };
    const response = await postOpenAIRequest({
      config: this.config,
      path: '/chat/completions',
      body,
      options,
    });
    const completion = await readOpenAIResponse(
      response,
      chatCompletionSchema,
      this.config,
      options.abortSignal,
    );
    return {
      response: completion,
      usage: usageFromOpenAI(completion.usage),
      rawResponse: rawResponseOf(response),
      warnings: [],
    };
  }

  async doStream(
    request: ChatCompletionRequest,
    options: CallOptionsV1,
  ): Promise<ChatStreamResultV1> {
    const body = {
      ...request,
      stream: true,
      stream_options: { ...request.stream_options, include_usage: true },
    };
    const response = await postOpenAIRequest({
      config: this.config,
      path: '/chat/completions',
      body,
      options,
    });
    if (!response.body) {
      throw new APIError({
        message: `Empty stream from ${this.provider}/${this.modelId}`,
        llmProvider: this.provider,
        model: this.modelId,
      });
    }
    return {
      stream: createOpenAIStreamParts({
        body: response.body,
        abortSignal: options.abortSignal,
        llmProvider: this.provider,
        model: this.modelId,
      }),
      rawResponse: rawResponseOf(response),
    };
  }
}
