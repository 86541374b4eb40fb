export type * from './provider-v1.js';
export { type UsageV1, emptyUsage, usageFromOpenAI } from './usage.js';
