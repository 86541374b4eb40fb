import { LlmuxError } from '@llmux/core';

/** A bad command line or environment setting: `llmux` prints the message and exits with code 2. */
export class UsageError extends LlmuxError {
  static override readonly marker: symbol = Symbol.for('llmux.error.UsageError');
  readonly code = 'cli_usage';
}
