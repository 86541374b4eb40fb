import { APIError } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 400: the request is malformed or names something the upstream rejects. */
export class BadRequestError extends APIError {
  static override readonly marker: symbol = errorMarker('BadRequestError');
  static override readonly defaultStatus: number = 400;
  static override readonly defaultCode: string = 'bad_request';
  static override readonly defaultType: string = 'invalid_request_error';
}
