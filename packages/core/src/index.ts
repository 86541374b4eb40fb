export * from './errors/index.js';
export * from './openai/index.js';
export * from './pricing/index.js';
export * from './provider/index.js';
export * from './sdk/index.js';
export * from './sse/index.js';
export * from './utils/index.js';
export { VERSION } from './version.js';
