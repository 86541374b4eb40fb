import type {
  APIError,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ModelSettingsV1,
} from '@llmux/core';
import type { OpenAIErrorDetails } from './parse-openai-error-details.js';

/**
 * A request parameter the provider rejects. A bare name means "any value"; `when` narrows it
 * (e.g. `n` only when greater than 1). Checked only when the parameter is set (not null).
 */
export type UnsupportedParameter =
  | string
  | {
      /** The parameter named in the error (`param`), e.g. `n` or `messages[].name`. */
      name: string;
      when?: ((value: unknown, request: ChatCompletionRequest) => boolean) | undefined;
      /** Appended to the error message (e.g. `only n=1 is supported`). */
      reason?: string | undefined;
      /** Reads the value from the body when it is not the top-level field `name`. */
      read?: ((body: Record<string, unknown>) => unknown) | undefined;
      /** Removes it from the body when it is not the top-level field `name`. */
      drop?: ((body: Record<string, unknown>) => Record<string, unknown>) | undefined;
    };

/** What `mapError` gets: the default mapping plus everything it was built from. */
export interface OpenAICompatibleErrorContext {
  /** The error the default OpenAI-envelope mapping produced. */
  error: APIError;
  /** HTTP status; `undefined` for an error sent inside a 200 stream. */
  status: number | undefined;
  /** The parsed body (or its text when it is not JSON). */
  body: unknown;
  details: OpenAIErrorDetails;
  headers: Record<string, string>;
  llmProvider: string;
  model: string;
}

export interface OpenAICompatibleRequestContext {
  modelId: string;
  settings: ModelSettingsV1;
  stream: boolean;
}

/**
 * Everything that makes one OpenAI-wire provider differ from another: data, plus small hooks.
 * See README.md for the contract and an example.
 */
export interface OpenAICompatibleProviderConfig {
  /** LiteLLM prefix (`deepseek`, `groq` …); also the `llmProvider` of errors. */
  provider: string;
  /** Default base URL, without the trailing `/chat/completions`. Omit when there is none (hosted vLLM). */
  baseURL?: string | undefined;
  /** Env var(s) read for the key, first set wins; the first is the one error messages name. */
  apiKeyEnvVar?: string | readonly string[] | undefined;
  /** Env var(s) read for the base URL, first set wins; `api_base` beats them. */
  apiBaseEnvVar?: string | readonly string[] | undefined;
  /**
   * Local servers: no key means no auth header, not an error. A function decides per base URL
   * (OpenAI: optional only when `api_base` points away from api.openai.com).
   */
  apiKeyOptional?: boolean | ((context: { baseURL: string | undefined }) => boolean) | undefined;
  /** Auth (and other fixed) headers. Default: `authorization: Bearer <key>` when there is a key. */
  headers?:
    | ((apiKey: string | undefined, settings: ModelSettingsV1) => Record<string, string>)
    | undefined;
  /** Full request URL. Default: `${baseURL}${path}` (`path` is `/chat/completions` or `/embeddings`). */
  url?:
    | ((context: {
        baseURL: string;
        path: string;
        modelId: string;
        settings: ModelSettingsV1;
      }) => string)
    | undefined;
  /** Whether `model` is sent in the body (default true; Azure routes by deployment URL instead). */
  modelInBody?: boolean | undefined;
  /** Rejected with a BadRequestError naming the parameter, or dropped when `dropParams` is set. */
  unsupportedParameters?: readonly UnsupportedParameter[] | undefined;
  /** Last edit of the chat body before it is sent (after unsupported parameters are handled). */
  transformRequest?:
    | ((
        body: Record<string, unknown>,
        context: OpenAICompatibleRequestContext,
      ) => Record<string, unknown>)
    | undefined;
  /**
   * Edits a parsed stream chunk (e.g. moving a vendor usage field into `usage`). When it returns
   * a different object, the part loses its `rawData` so the proxy re-serialises it.
   */
  transformChunk?: ((chunk: ChatCompletionChunk) => ChatCompletionChunk) | undefined;
  /** Edits a non-streamed completion (e.g. moving a vendor usage field into OpenAI's). */
  transformResponse?: ((completion: ChatCompletion) => ChatCompletion) | undefined;
  /** Provider refinements on top of the default error mapping; return `undefined` to keep it. */
  mapError?: ((context: OpenAICompatibleErrorContext) => APIError | undefined) | undefined;
  /** Whether the provider serves `/embeddings` (default false). */
  supportsEmbeddings?: boolean | undefined;
  /** Whether to send `stream_options.include_usage: true` when streaming (default true). */
  includeUsageInStream?: boolean | undefined;
}
