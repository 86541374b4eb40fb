export {
  type Deployment,
  type DeploymentConfig,
  deploymentId,
  toDeployment,
} from './deployment.js';
export { type RoutedCall, Router, type RouterOptions, routedCallOf } from './router.js';
export { pickSimpleShuffle } from './simple-shuffle.js';
