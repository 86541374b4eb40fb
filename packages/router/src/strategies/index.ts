export { createCostBasedStrategy, deploymentTokenPricePico, pickCheapest } from './cost-based.js';
export {
  type CreateRoutingStrategyOptions,
  createRoutingStrategy,
  isRoutingStrategyName,
  routingStrategyNames,
} from './create-routing-strategy.js';
export {
  type DeploymentRates,
  deploymentRates,
  lookupDeploymentPrice,
} from './deployment-price.js';
export { deploymentOrder, filterByOrder } from './filter-by-order.js';
export { deploymentTags, filterByTags, type TagFilterOptions } from './filter-by-tags.js';
export {
  createLatencyBasedStrategy,
  type LatencyBasedOptions,
  type LatencyBasedRoutingStrategy,
  latencySampleOf,
  latencyTimeoutPenaltySeconds,
} from './latency-based.js';
export { createLeastBusyStrategy, pickLeastBusy } from './least-busy.js';
export type {
  RoutingContext,
  RoutingStrategy,
  RoutingStrategyName,
  StrategyNeeds,
} from './routing-strategy.js';
export { createSimpleShuffleStrategy, pickSimpleShuffle } from './simple-shuffle.js';
export { createUsageBasedStrategy, hasMinuteHeadroom, pickLowestUsage } from './usage-based.js';
