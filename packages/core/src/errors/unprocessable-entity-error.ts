import { APIError } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 422: well-formed but semantically invalid request. */
export class UnprocessableEntityError extends APIError {
  static override readonly marker: symbol = errorMarker('UnprocessableEntityError');
  static override readonly defaultStatus: number = 422;
  static override readonly defaultCode: string = 'unprocessable_entity';
  static override readonly defaultType: string = 'invalid_request_error';
}
