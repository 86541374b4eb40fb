import { AuthenticationError } from '../errors/authentication-error.js';

/** The explicit key, else the provider's usual env var; a clear 401 when neither is set. */
export function loadApiKey(options: {
  apiKey: string | undefined;
  envVar: string;
  llmProvider: string;
  model: string;
}): string {
  const key = options.apiKey ?? process.env[options.envVar];
  if (key === undefined || key === '') {
    throw new AuthenticationError({
      message: `No API key for ${options.llmProvider}: pass api_key or set ${options.envVar}.`,
      llmProvider: options.llmProvider,
      model: options.model,
      isRetryable: false,
    });
  }
  return key;
}
