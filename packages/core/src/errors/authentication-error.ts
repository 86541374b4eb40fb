import { APIError } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 401: missing or invalid API key. */
export class AuthenticationError extends APIError {
  static override readonly marker: symbol = errorMarker('AuthenticationError');
  static override readonly defaultStatus: number = 401;
  static override readonly defaultCode: string = 'authentication_error';
  static override readonly defaultType: string = 'authentication_error';
}
