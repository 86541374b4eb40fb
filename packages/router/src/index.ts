export { type BudgetWindow, deploymentBudgetWindow } from './budget/deployment-budget.js';
export { cooldownEligibleStatus, shouldCoolDown } from './cooldown/cooldown-decision.js';
export {
  type Deployment,
  type DeploymentConfig,
  deploymentId,
  toDeployment,
} from './deployment.js';
export { fallbackGroupsFor } from './fallback/fallback-groups.js';
export * from './pre-call-checks/index.js';
export {
  attemptedFallbackGroupsOf,
  type RoutedCall,
  Router,
  routedCallOf,
} from './router.js';
export {
  type AllowedFailsPolicy,
  type FallbackList,
  type ModelGroupAlias,
  type RetryPolicy,
  type RouterLogger,
  type RouterOptions,
  RouterOptionsError,
  validateRouterOptions,
} from './router-options.js';
export * from './state/index.js';
export * from './strategies/index.js';
