import type { OpenAIErrorBody } from '../openai/error-body.js';
import { errorMarker, LlmuxError } from './llmux-error.js';

export interface APIErrorOptions {
  message: string;
  status?: number;
  llmProvider?: string | undefined;
  model?: string | undefined;
  /** OpenAI error `type` (e.g. `invalid_request_error`). */
  type?: string | null | undefined;
  param?: string | null | undefined;
  /** The upstream's own error code, when it sent one (e.g. `context_length_exceeded`). */
  providerCode?: string | null | undefined;
  headers?: Record<string, string> | undefined;
  body?: unknown;
  isRetryable?: boolean | undefined;
  cause?: unknown;
}

/**
 * An error with an HTTP status, named after the OpenAI SDK class it mirrors.
 * `status`, `llmProvider` and `isRetryable` are what routers and retries decide on.
 */
export class APIError extends LlmuxError {
  static override readonly marker: symbol = errorMarker('APIError');
  /** Default HTTP status of the class. */
  static readonly defaultStatus: number = 500;
  /** Stable machine-readable code of the class. */
  static readonly defaultCode: string = 'api_error';
  static readonly defaultType: string = 'api_error';

  readonly status: number;
  readonly llmProvider: string | undefined;
  readonly model: string | undefined;
  readonly code: string;
  readonly type: string;
  readonly param: string | null;
  readonly providerCode: string | null;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly isRetryable: boolean;

  constructor(options: APIErrorOptions) {
    super(options.message, { cause: options.cause });
    const errorClass = new.target as unknown as typeof APIError;
    this.status = options.status ?? errorClass.defaultStatus;
    this.llmProvider = options.llmProvider;
    this.model = options.model;
    this.code = errorClass.defaultCode;
    this.type = options.type ?? errorClass.defaultType;
    this.param = options.param ?? null;
    this.providerCode = options.providerCode ?? null;
    this.headers = options.headers ?? {};
    this.body = options.body;
    this.isRetryable = options.isRetryable ?? isRetryableStatus(this.status);
  }

  /** LiteLLM's spelling, so ported handlers read the same. */
  get llm_provider(): string | undefined {
    return this.llmProvider;
  }

  get status_code(): number {
    return this.status;
  }

  /** Milliseconds the upstream asked us to wait (`retry-after-ms`, then `retry-after`). */
  get retryAfterMs(): number | undefined {
    return parseRetryAfter(this.headers);
  }

  /** The OpenAI error envelope, as the proxy returns it (`code` is the status, as LiteLLM sends it). */
  toErrorBody(): OpenAIErrorBody {
    return {
      error: {
        message: this.message,
        type: this.type,
        param: this.param,
        code: String(this.status),
      },
    };
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function parseRetryAfter(headers: Record<string, string>): number | undefined {
  const milliseconds = headers['retry-after-ms'];
  if (milliseconds !== undefined) {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers['retry-after'];
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  return undefined;
}
