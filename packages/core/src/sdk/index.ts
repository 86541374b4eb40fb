export { completion, type ModelResponse } from './completion.js';
export type {
  CompletionParams,
  EmbeddingParams,
  FallbackTarget,
  LiteLLMCallOptions,
} from './completion-options.js';
export { providerSettingNames } from './completion-options.js';
export { CompletionStream } from './completion-stream.js';
export { type EmbeddingResult, embedding } from './embedding.js';
export type { HiddenParams } from './hidden-params.js';
export { type SdkLogLevel, setLogLevel, setVerbose } from './logger.js';
export { type ParsedModel, parseModelString } from './parse-model-string.js';
export { providerPackages } from './provider-packages.js';
export { getProvider, registerProvider } from './provider-registry.js';
export { retryDelayMs, sleep } from './retry-delay.js';
export { type WarmUpOptions, type WarmUpResult, warmUp } from './warm-up.js';
