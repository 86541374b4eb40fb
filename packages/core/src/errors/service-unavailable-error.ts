import { InternalServerError } from './internal-server-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 503: the upstream is overloaded or down; retryable. */
export class ServiceUnavailableError extends InternalServerError {
  static override readonly marker: symbol = errorMarker('ServiceUnavailableError');
  static override readonly defaultStatus: number = 503;
  static override readonly defaultCode: string = 'service_unavailable';
  static override readonly defaultType: string = 'service_unavailable_error';
}
