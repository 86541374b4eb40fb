import type { Deployment } from '../deployment.js';

/** A deployment's `order` (`litellm_params.order`, else `model_info.order`), as LiteLLM reads it. */
export function deploymentOrder(deployment: Deployment): number | undefined {
  for (const value of [deployment.litellmParams.order, deployment.modelInfo.order]) {
    const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof parsed === 'number' && Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

/**
 * LiteLLM's priority tiers: when any deployment has an `order`, only those with the lowest
 * order are kept (deployments without one are left out, as in LiteLLM); otherwise all.
 * The router calls this on the healthy deployments, so a tier whose deployments are all
 * cooling down or at their limits gives way to the next one.
 *
 * @example
 * filterByOrder(deployments); // [order 1 deployments] when order 1 and 2 exist
 */
export function filterByOrder(deployments: readonly Deployment[]): Deployment[] {
  let lowest: number | undefined;
  for (const deployment of deployments) {
    const order = deploymentOrder(deployment);
    if (order !== undefined && (lowest === undefined || order < lowest)) lowest = order;
  }
  if (lowest === undefined) return [...deployments];
  return deployments.filter(deployment => deploymentOrder(deployment) === lowest);
}
