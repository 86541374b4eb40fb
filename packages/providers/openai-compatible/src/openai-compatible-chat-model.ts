import {
  type CallOptionsV1,
  type ChatCompletionRequest,
  type ChatGenerateResultV1,
  type ChatModelV1,
  type ChatStreamResultV1,
  chatCompletionSchema,
  parseChatCompletion,
  requireStreamBody,
  usageFromOpenAI,
} from '@llmux/core';
import { z } from 'zod';
import { applyUnsupportedParameters } from './apply-unsupported-parameters.js';
import type { OpenAICompatibleModelConfig } from './openai-compatible-model-config.js';
import { createOpenAICompatibleStreamParts } from './openai-compatible-stream-parts.js';
import {
  postOpenAICompatibleRequest,
  rawResponseOf,
  readOpenAICompatibleResponse,
} from './post-openai-compatible-request.js';

// Some servers (Groq, vLLM) leave `content` out of a tool-call message; OpenAI sends null.
const completionSchema = z.preprocess(fillMissingContent, chatCompletionSchema);
const completionParser = {
  safeParse: (json: unknown) => parseChatCompletion(json, completionSchema),
};

function fillMissingContent(json: unknown): unknown {
  if (
    typeof json !== 'object' ||
    json === null ||
    !Array.isArray((json as { choices?: unknown }).choices)
  ) {
    return json;
  }
  const choices = (json as { choices: unknown[] }).choices.map(choice => {
    const message = (choice as { message?: unknown } | null)?.message;
    if (typeof message !== 'object' || message === null || 'content' in message) return choice;
    return { ...(choice as object), message: { ...message, content: null } };
  });
  return { ...json, choices };
}

/**
 * Chat completions against an OpenAI-wire server. The request goes out as given, unknown
 * fields included; only `stream` (and its options), unsupported parameters and the
 * provider's `transformRequest` change it.
 */
export class OpenAICompatibleChatModel implements ChatModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  private readonly config: OpenAICompatibleModelConfig;

  constructor(config: OpenAICompatibleModelConfig) {
    this.config = config;
    this.provider = config.provider;
    this.modelId = config.modelId;
  }

  private prepareBody(
    request: ChatCompletionRequest,
    streamFields: Record<string, unknown>,
    options: CallOptionsV1,
  ): Record<string, unknown> {
    const { providerConfig, settings } = this.config;
    let body = applyUnsupportedParameters({
      body: { ...request, ...streamFields },
      request,
      unsupported: providerConfig.unsupportedParameters ?? [],
      dropParams: options.dropParams,
      llmProvider: this.provider,
      model: this.modelId,
    });
    if (providerConfig.modelInBody === false) delete body.model;
    if (providerConfig.transformRequest) {
      body = providerConfig.transformRequest(body, {
        modelId: this.modelId,
        settings,
        stream: streamFields.stream === true,
      });
    }
    return body;
  }

  async doGenerate(
    request: ChatCompletionRequest,
    options: CallOptionsV1,
  ): Promise<ChatGenerateResultV1> {
    // OpenAI rejects `stream_options` unless `stream` is true.
    const body = this.prepareBody(request, { stream: false, stream_options: undefined }, options);
    const response = await postOpenAICompatibleRequest({
      config: this.config,
      path: '/chat/completions',
      body,
      options,
    });
    const parsed = await readOpenAICompatibleResponse(
      response,
      completionParser,
      this.config,
      options.abortSignal,
    );
    const transformResponse = this.config.providerConfig.transformResponse;
    const completion = transformResponse ? transformResponse(parsed) : parsed;
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
    const includeUsage = this.config.providerConfig.includeUsageInStream !== false;
    const body = this.prepareBody(
      request,
      {
        stream: true,
        stream_options: includeUsage
          ? { ...request.stream_options, include_usage: true }
          : request.stream_options,
      },
      options,
    );
    const response = await postOpenAICompatibleRequest({
      config: this.config,
      path: '/chat/completions',
      body,
      options,
    });
    return {
      stream: createOpenAICompatibleStreamParts({
        body: requireStreamBody(response, { llmProvider: this.provider, model: this.modelId }),
        abortSignal: options.abortSignal,
        llmProvider: this.provider,
        model: this.modelId,
        mapError: this.config.providerConfig.mapError,
        transformChunk: this.config.providerConfig.transformChunk,
      }),
      rawResponse: rawResponseOf(response),
    };
  }
}
