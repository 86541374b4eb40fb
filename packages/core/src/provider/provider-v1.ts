import type { APIError } from '../errors/api-error.js';
import type { ChatCompletionChunk } from '../openai/chat-completion-chunk.js';
import type { ChatCompletionRequest } from '../openai/chat-completion-request.js';
import type { ChatCompletion } from '../openai/chat-completion-response.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../openai/embedding.js';
import type { UsageV1 } from './usage.js';

export type FetchFunction = typeof globalThis.fetch;

/**
 * Per-deployment settings, under LiteLLM's `litellm_params` meaning. Adapters read the
 * ones they understand; unknown entries in `extra` are theirs to interpret or ignore.
 */
export interface ModelSettingsV1 {
  apiKey?: string | undefined;
  apiBase?: string | undefined;
  apiVersion?: string | undefined;
  organization?: string | undefined;
  /** Extra headers sent upstream on every call. */
  headers?: Record<string, string> | undefined;
  /** Injected fetch (tests, proxies). Without it, calls go through core's shared undici pool. */
  fetch?: FetchFunction | undefined;
  extra?: Record<string, unknown> | undefined;
}

export interface CallOptionsV1 {
  abortSignal?: AbortSignal | undefined;
  /** Extra headers for this call only. */
  headers?: Record<string, string> | undefined;
  /** LiteLLM's `drop_params`: drop parameters the upstream does not support instead of failing. */
  dropParams?: boolean | undefined;
}

export interface RawResponseV1 {
  status: number;
  headers: Record<string, string>;
  url: string;
}

export interface ChatGenerateResultV1 {
  response: ChatCompletion;
  usage: UsageV1;
  rawResponse: RawResponseV1;
  warnings: string[];
}

/**
 * A stream part. `chunk` carries an OpenAI chunk (and, when the upstream already speaks
 * OpenAI, the exact `data:` text so the proxy can forward it without re-serialising);
 * `usage` arrives once when the upstream reports it; `error` ends the stream.
 */
export type ChatStreamPartV1 =
  | { type: 'chunk'; chunk: ChatCompletionChunk; rawData?: string | undefined }
  | { type: 'usage'; usage: UsageV1 }
  | { type: 'error'; error: APIError };

export interface ChatStreamResultV1 {
  stream: ReadableStream<ChatStreamPartV1>;
  rawResponse: RawResponseV1;
}

export interface ChatModelV1 {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  doGenerate(request: ChatCompletionRequest, options: CallOptionsV1): Promise<ChatGenerateResultV1>;
  doStream(request: ChatCompletionRequest, options: CallOptionsV1): Promise<ChatStreamResultV1>;
}

export interface EmbedResultV1 {
  response: EmbeddingResponse;
  usage: UsageV1;
  rawResponse: RawResponseV1;
}

export interface EmbeddingModelV1 {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  doEmbed(request: EmbeddingRequest, options: CallOptionsV1): Promise<EmbedResultV1>;
}

export interface ProviderV1 {
  readonly specificationVersion: 'v1';
  /** LiteLLM provider id, the `provider/` prefix of model strings (`openai`, `anthropic` …). */
  readonly provider: string;
  /** Env var read for the key when none is given (e.g. `OPENAI_API_KEY`). */
  readonly apiKeyEnvVar?: string | undefined;
  chatModel(modelId: string, settings: ModelSettingsV1): ChatModelV1;
  embeddingModel?(modelId: string, settings: ModelSettingsV1): EmbeddingModelV1;
}
