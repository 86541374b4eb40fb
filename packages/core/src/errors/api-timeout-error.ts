import { APIConnectionError } from './api-connection-error.js';
import type { APIErrorOptions } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 408: the call exceeded its `timeout`. Retryable. */
export class APITimeoutError extends APIConnectionError {
  static override readonly marker: symbol = errorMarker('APITimeoutError');
  static override readonly defaultStatus: number = 408;
  static override readonly defaultCode: string = 'timeout';
  static override readonly defaultType: string = 'timeout';
  constructor(options: APIErrorOptions) {
    super({ ...options, isRetryable: options.isRetryable ?? true });
  }
}
