import type { APIErrorOptions } from './api-error.js';
import { APIError } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** The upstream could not be reached (DNS, refused, reset). Retryable. */
export class APIConnectionError extends APIError {
  static override readonly marker: symbol = errorMarker('APIConnectionError');
  static override readonly defaultStatus: number = 500;
  static override readonly defaultCode: string = 'api_connection_error';
  static override readonly defaultType: string = 'api_connection_error';
  constructor(options: APIErrorOptions) {
    super({ ...options, isRetryable: options.isRetryable ?? true });
  }
}
