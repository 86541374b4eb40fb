import type { Deployment } from '../deployment.js';
import type { RouterContext } from '../router-context.js';
import type { ActiveCooldown, MaybePromise } from '../state/router-state.js';

/** The cooldowns in force now among these deployments (none when cooldowns are disabled). */
export function activeCooldowns(
  context: RouterContext,
  deployments: readonly Deployment[],
  nowMs: number,
): MaybePromise<Map<string, ActiveCooldown>> {
  if (context.options.disable_cooldowns) return new Map();
  return context.state.getCooldowns(
    deployments.map(deployment => deployment.id),
    nowMs,
  );
}

/** The ids of the deployments that are not cooling down. */
export async function healthyDeploymentIds(
  context: RouterContext,
  deployments: readonly Deployment[],
): Promise<string[]> {
  const cooldowns = await activeCooldowns(context, deployments, context.now());
  return deployments.filter(deployment => !cooldowns.has(deployment.id)).map(d => d.id);
}
