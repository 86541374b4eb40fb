import { APIError } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 404: unknown model, deployment or route. */
export class NotFoundError extends APIError {
  static override readonly marker: symbol = errorMarker('NotFoundError');
  static override readonly defaultStatus: number = 404;
  static override readonly defaultCode: string = 'not_found';
  static override readonly defaultType: string = 'not_found_error';
}
