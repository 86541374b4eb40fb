export type * from './provider-v1.js';
export { emptyUsage, type UsageV1, usageFromOpenAI } from './usage.js';
