import { APIError } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 403: the key may not do this. */
export class PermissionDeniedError extends APIError {
  static override readonly marker: symbol = errorMarker('PermissionDeniedError');
  static override readonly defaultStatus: number = 403;
  static override readonly defaultCode: string = 'permission_denied';
  static override readonly defaultType: string = 'permission_error';
}
