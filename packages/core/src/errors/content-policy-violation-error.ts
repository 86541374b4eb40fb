import { BadRequestError } from './bad-request-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 400: the provider's content filter rejected the request (LiteLLM's refinement). */
export class ContentPolicyViolationError extends BadRequestError {
  static override readonly marker: symbol = errorMarker('ContentPolicyViolationError');
  static override readonly defaultStatus: number = 400;
  static override readonly defaultCode: string = 'content_policy_violation';
  static override readonly defaultType: string = 'invalid_request_error';
}
