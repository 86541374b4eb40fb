import { randomUUID } from 'node:crypto';
import * as errors from '../errors/index.js';
import type { ChatCompletionChunk } from '../openai/chat-completion-chunk.js';
import type { ChatCompletionRequest } from '../openai/chat-completion-request.js';
import type { ChatCompletion } from '../openai/chat-completion-response.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../openai/embedding.js';
import type {
  ChatGenerateResultV1,
  ChatStreamResultV1,
  EmbedResultV1,
} from '../provider/provider-v1.js';
import type { UsageV1 } from '../provider/usage.js';
import { estimatePromptTokens, estimateTokens } from './estimate-tokens.js';

const mockRaw = { status: 200, headers: {}, url: 'mock://mock_response' };

type ErrorClass = new (options: errors.APIErrorOptions) => errors.APIError;

/** `mock_response: "litellm.RateLimitError"` raises that class, as LiteLLM's mock does. */
function mockedErrorClass(mockResponse: string): ErrorClass | undefined {
  const match = /^(?:litellm\.)?([A-Za-z]+Error)$/.exec(mockResponse.trim());
  if (!match?.[1]) return undefined;
  const candidate = (errors as Record<string, unknown>)[match[1]];
  return typeof candidate === 'function' && candidate !== errors.LlmuxError
    ? (candidate as ErrorClass)
    : undefined;
}

function throwIfMockedError(mockResponse: string, provider: string, model: string): void {
  const ErrorClass = mockedErrorClass(mockResponse);
  if (ErrorClass) {
    throw new ErrorClass({
      message: `Mocked ${ErrorClass.name} (mock_response)`,
      llmProvider: provider,
      model,
    });
  }
}

function mockUsage(request: ChatCompletionRequest, text: string): UsageV1 {
  const promptTokens = estimatePromptTokens(request.messages);
  const completionTokens = estimateTokens(text);
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
}

export function mockGenerate(
  request: ChatCompletionRequest,
  mockResponse: string,
  provider: string,
  modelId: string,
): ChatGenerateResultV1 {
  throwIfMockedError(mockResponse, provider, modelId);
  const usage = mockUsage(request, mockResponse);
  const response: ChatCompletion = {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: modelId,
    choices: [
      { index: 0, message: { role: 'assistant', content: mockResponse }, finish_reason: 'stop' },
    ],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.totalTokens,
    },
  };
  return { response, usage, rawResponse: mockRaw, warnings: [] };
}

export function mockStream(
  request: ChatCompletionRequest,
  mockResponse: string,
  provider: string,
  modelId: string,
): ChatStreamResultV1 {
  throwIfMockedError(mockResponse, provider, modelId);
  const usage = mockUsage(request, mockResponse);
  const base = {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: modelId,
  };
  const pieces = mockResponse.match(/\S+\s*|\s+/g) ?? [''];
  const chunks: ChatCompletionChunk[] = pieces.map((piece, index) => ({
    ...base,
    choices: [
      {
        index: 0,
        delta: index === 0 ? { role: 'assistant', content: piece } : { content: piece },
        finish_reason: null,
      },
    ],
  }));
  chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  if (request.stream_options?.include_usage) {
    chunks.push({
      ...base,
      choices: [],
      usage: {
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        total_tokens: usage.totalTokens,
      },
    });
  }
  const stream = new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue({ type: 'chunk' as const, chunk });
      controller.enqueue({ type: 'usage' as const, usage });
      controller.close();
    },
  });
  return { stream, rawResponse: mockRaw };
}

export function mockEmbed(
  request: EmbeddingRequest,
  mockResponse: string,
  provider: string,
  modelId: string,
): EmbedResultV1 {
  throwIfMockedError(mockResponse, provider, modelId);
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  const dimensions = request.dimensions ?? 8;
  const promptTokens = inputs.reduce<number>(
    (sum, input) =>
      sum +
      (typeof input === 'string' ? estimateTokens(input) : Array.isArray(input) ? input.length : 1),
    0,
  );
  const response: EmbeddingResponse = {
    object: 'list',
    data: inputs.map((_, index) => ({
      object: 'embedding',
      index,
      embedding: Array.from(
        { length: dimensions },
        (_unused, position) => ((position + index) % 7) / 10,
      ),
    })),
    model: modelId,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
  return {
    response,
    usage: {
      promptTokens,
      completionTokens: 0,
      totalTokens: promptTokens,
      cachedReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
    rawResponse: mockRaw,
  };
}
