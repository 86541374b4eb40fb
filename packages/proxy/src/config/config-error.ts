import { LlmuxError } from '@llmux/core';

/**
 * A config the proxy cannot start with. `keyPath` names the offending key the way the
 * YAML is written (`model_list[1].litellm_params.api_key`); the message says why.
 */
export class ConfigError extends LlmuxError {
  static override readonly marker: symbol = Symbol.for('llmux.error.ConfigError');
  readonly code = 'config_error';
  readonly keyPath: string;

  constructor(keyPath: string, reason: string, options?: { cause?: unknown }) {
    super(
      keyPath === '' ? `Invalid config: ${reason}` : `Invalid config at ${keyPath}: ${reason}`,
      options,
    );
    this.keyPath = keyPath;
  }
}
