import type { APIErrorOptions } from './api-error.js';
import { APIError } from './api-error.js';
import { errorMarker } from './llmux-error.js';

/** HTTP 429: a budget is spent (LiteLLM answers 429 with type `budget_exceeded`). Not retryable. */
export class BudgetExceededError extends APIError {
  static override readonly marker: symbol = errorMarker('BudgetExceededError');
  static override readonly defaultStatus: number = 429;
  static override readonly defaultCode: string = 'budget_exceeded';
  static override readonly defaultType: string = 'budget_exceeded';
  constructor(options: APIErrorOptions) {
    super({ ...options, isRetryable: options.isRetryable ?? false });
  }
}
