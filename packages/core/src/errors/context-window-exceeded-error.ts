import { BadRequestError } from './bad-request-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 400: the prompt is longer than the model's context window (LiteLLM's refinement). */
export class ContextWindowExceededError extends BadRequestError {
  static override readonly marker: symbol = errorMarker('ContextWindowExceededError');
  static override readonly defaultStatus: number = 400;
  static override readonly defaultCode: string = 'context_window_exceeded';
  static override readonly defaultType: string = 'invalid_request_error';
}
