import { APIError } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 5xx: the upstream failed. */
export class InternalServerError extends APIError {
  static override readonly marker: symbol = errorMarker('InternalServerError');
  static override readonly defaultStatus: number = 500;
  static override readonly defaultCode: string = 'internal_server_error';
  static override readonly defaultType: string = 'server_error';
}
