import type { Deployment } from '../deployment.js';
import { pickRandom } from './pick-random.js';
import type { RoutingStrategy } from './routing-strategy.js';

/**
 * LiteLLM's default strategy: random pick weighted by `weight`, else `rpm`, else `tpm`,
 * else uniform. The first deployment decides which field weighs, as in LiteLLM; a
 * deployment missing that field weighs 0.
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
      // Floating-point leftovers: the last deployment with a weight.
      const last = weights.findLastIndex(weight => weight > 0);
      return deployments[last] as Deployment;
    }
  }
  return pickRandom(deployments, random);
}

/**
 * `simple-shuffle`: weighted random, no shared state.
 *
 * @example
 * const strategy = createSimpleShuffleStrategy();
 * strategy.pick({ deployments, random: Math.random, ... });
 */
export function createSimpleShuffleStrategy(): RoutingStrategy {
  return {
    name: 'simple-shuffle',
    needs: {},
    pick: context => pickSimpleShuffle(context.deployments, context.random),
  };
}
