export { defaultGroqBaseURL, groqProviderConfig } from './groq-config.js';
export { refineGroqError } from './groq-error.js';
export { createGroq, type GroqProvider, groq, llmuxProviders } from './groq-provider.js';
export { groqUnsupportedParameters } from './groq-unsupported-parameters.js';
export { VERSION } from './version.js';
