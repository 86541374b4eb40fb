export { createRouterState, type RouterStateSettings } from './create-router-state.js';
export {
  createInMemoryRouterState,
  type InMemoryRouterStateOptions,
  minuteOf,
} from './in-memory-router-state.js';
export {
  createRedisRouterState,
  minuteKeyOf,
  type RedisRouterStateOptions,
  redisRouterStateKeys,
} from './redis-router-state.js';
export {
  type RedisSettings,
  type ResolvedRedisSettings,
  resolveRedisSettings,
} from './redis-settings.js';
export {
  createResilientRouterState,
  type ResilientRouterStateOptions,
} from './resilient-router-state.js';
export type {
  ActiveCooldown,
  CooldownRecord,
  LatencySample,
  MaybePromise,
  MinuteOutcomes,
  MinuteUsage,
  RouterState,
  SyncRouterState,
} from './router-state.js';
export { type RouterStateLogger, stderrRouterStateLogger } from './router-state-logger.js';
