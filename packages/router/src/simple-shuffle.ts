import type { Deployment } from './deployment.js';

/**
 * LiteLLM's default strategy: random pick weighted by `weight`, else `rpm`, else `tpm`,
 * else uniform. The first deployment decides which field weighs, as in LiteLLM.
 */
export function pickSimpleShuffle(
  deployments: readonly Deployment[],
  random: () => number = Math.random,
): Deployment {
  if (deployments.length === 1) return deployments[0] as Deployment;
  const first = deployments[0] as Deployment;
  const field =
    first.weight !== undefined
      ? 'weight'
      : first.rpm !== undefined
        ? 'rpm'
        : first.tpm !== undefined
          ? 'tpm'
          : undefined;
  if (field !== undefined) {
    const weights = deployments.map(deployment => Math.max(0, deployment[field] ?? 0));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    if (total > 0) {
      let point = random() * total;
      for (const [index, weight] of weights.entries()) {
        point -= weight;
        if (point < 0) return deployments[index] as Deployment;
      }
    }
  }
  return deployments[Math.floor(random() * deployments.length)] as Deployment;
}
