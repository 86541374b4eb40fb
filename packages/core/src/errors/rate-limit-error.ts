import { APIError } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 429: rate limited; `retryAfterMs` says how long the upstream asked to wait. */
export class RateLimitError extends APIError {
  static override readonly marker: symbol = errorMarker('RateLimitError');
  static override readonly defaultStatus: number = 429;
  static override readonly defaultCode: string = 'rate_limit_exceeded';
  static override readonly defaultType: string = 'rate_limit_error';
}
