import {
  type CallOptionsV1,
  type ChatCompletionRequest,
  type ChatGenerateResultV1,
  type ChatModelV1,
  type ChatStreamResultV1,
  readUpstreamJson,
  requireStreamBody,
  toRawResponse,
  type UpstreamResponse,
} from '@llmux/core';
import { anthropicMessageSchema } from './anthropic-api.js';
import { prepareAnthropicRequest } from './anthropic-prepare-request.js';
import { createAnthropicStreamParts } from './anthropic-stream-parts.js';
import { convertAnthropicResponse } from './convert-anthropic-response.js';

/** Builds the Messages body of one call: `prepareAnthropicRequest`, or a host's variant of it. */
export type PrepareAnthropicRequest = typeof prepareAnthropicRequest;

/** What carries Messages API calls: Anthropic itself, or a host such as Claude on Vertex AI. */
export interface AnthropicMessagesTransport {
  readonly provider: string;
  readonly modelId: string;
  /** Defaults to `prepareAnthropicRequest`. */
  readonly prepareRequest?: PrepareAnthropicRequest | undefined;
  /** POSTs a prepared body (`stream` says which call it is); a non-2xx answer throws. */
  post(
    body: Record<string, unknown>,
    options: CallOptionsV1,
    stream: boolean,
  ): Promise<UpstreamResponse>;
}

/**
 * Chat completions over the Anthropic Messages API, whoever hosts it: builds the body, sends
 * it through the transport, and turns the message (or its SSE stream) into OpenAI shapes.
 */
export class AnthropicMessagesChatModel implements ChatModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  private readonly transport: AnthropicMessagesTransport;

  constructor(transport: AnthropicMessagesTransport) {
    this.transport = transport;
    this.provider = transport.provider;
    this.modelId = transport.modelId;
  }

  private prepare(request: ChatCompletionRequest, options: CallOptionsV1, stream: boolean) {
    const prepareRequest = this.transport.prepareRequest ?? prepareAnthropicRequest;
    return prepareRequest(request, {
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
    const response = await this.transport.post(body, options, false);
    const message = await readUpstreamJson(response, anthropicMessageSchema, {
      llmProvider: this.provider,
      model: this.modelId,
      abortSignal: options.abortSignal,
    });
    const { completion, usage } = convertAnthropicResponse(message, { jsonToolName });
    return { response: completion, usage, rawResponse: toRawResponse(response), warnings };
  }

  async doStream(
    request: ChatCompletionRequest,
    options: CallOptionsV1,
  ): Promise<ChatStreamResultV1> {
    const { body, jsonToolName } = this.prepare(request, options, true);
    const response = await this.transport.post(body, options, true);
    return {
      stream: createAnthropicStreamParts({
        body: requireStreamBody(response, { llmProvider: this.provider, model: this.modelId }),
        abortSignal: options.abortSignal,
        llmProvider: this.provider,
        model: this.modelId,
        jsonToolName,
      }),
      rawResponse: toRawResponse(response),
    };
  }
}
