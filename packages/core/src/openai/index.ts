export * from './chat-completion-chunk.js';
export * from './chat-completion-request.js';
export * from './chat-completion-response.js';
export * from './embedding.js';
export * from './error-body.js';
export { parseChatCompletion } from './parse-chat-completion.js';
export { parseChatCompletionChunk } from './parse-chat-completion-chunk.js';
export { parseChatCompletionRequest, parseEmbeddingRequest } from './validate.js';
