export { computeCostPico } from './compute-cost-pico.js';
export { type CostForUsageArgs, costForUsage } from './cost-for-usage.js';
export { type CustomPriceParams, customModelPrice } from './custom-model-price.js';
export { decimalToPico } from './decimal-to-pico.js';
export { inferProviderFromModel } from './infer-provider-from-model.js';
export { lookupModelPrice } from './lookup-model-price.js';
export type { ModelPrice } from './model-price.js';
export { picoToDecimalText, picoToDollars } from './pico-to-dollars.js';
