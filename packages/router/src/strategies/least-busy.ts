import type { Deployment } from '../deployment.js';
import { pickRandom } from './pick-random.js';
import type { RoutingContext, RoutingStrategy } from './routing-strategy.js';

/** The deployments with the fewest in-flight calls (missing = 0), ties at random. */
export function pickLeastBusy(
  context: Pick<RoutingContext, 'deployments' | 'inFlight' | 'random'>,
): Deployment {
  let fewest = Number.POSITIVE_INFINITY;
  let idlest: Deployment[] = [];
  for (const deployment of context.deployments) {
    const inFlight = context.inFlight.get(deployment.id) ?? 0;
    if (inFlight < fewest) {
      fewest = inFlight;
      idlest = [deployment];
    } else if (inFlight === fewest) idlest.push(deployment);
  }
  return pickRandom(idlest, context.random);
}

/**
 * `least-busy`: the deployment with the fewest calls in flight. The router counts +1 when
 * a call starts and -1 when it ends (success or failure), as LiteLLM does.
 */
export function createLeastBusyStrategy(): RoutingStrategy {
  return { name: 'least-busy', needs: { inFlight: true }, pick: pickLeastBusy };
}
