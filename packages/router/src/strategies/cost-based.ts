import type { Deployment } from '../deployment.js';
import { deploymentRates } from './deployment-price.js';
import { pickRandom } from './pick-random.js';
import type { RoutingContext, RoutingStrategy } from './routing-strategy.js';

/** LiteLLM's price for a rate the table does not know: $1 per token. */
const unknownPricePico = 1_000_000_000_000n;

// Deployments are built once per router, so their price is looked up once.
const pricePicoCache = new WeakMap<Deployment, bigint>();

/**
 * Input + output price of one token in picodollars. Each rate comes from
 * `litellm_params.<rate>` (LiteLLM's override), else `model_info.<rate>`, else the price
 * table (via `model_info.base_model` when set), else $1.
 */
export function deploymentTokenPricePico(deployment: Deployment): bigint {
  const cached = pricePicoCache.get(deployment);
  if (cached !== undefined) return cached;
  const rates = deploymentRates(deployment);
  const price = (rates.inputPico ?? unknownPricePico) + (rates.outputPico ?? unknownPricePico);
  pricePicoCache.set(deployment, price);
  return price;
}

/** The cheapest deployment per token, ties at random. */
export function pickCheapest(context: Pick<RoutingContext, 'deployments' | 'random'>): Deployment {
  let cheapestPrice: bigint | undefined;
  let cheapest: Deployment[] = [];
  for (const deployment of context.deployments) {
    const price = deploymentTokenPricePico(deployment);
    if (cheapestPrice === undefined || price < cheapestPrice) {
      cheapestPrice = price;
      cheapest = [deployment];
    } else if (price === cheapestPrice) cheapest.push(deployment);
  }
  return pickRandom(cheapest, context.random);
}

/**
 * `cost-based-routing`: the deployment with the lowest input + output price per token.
 * Deployments over their rpm/tpm are already left out by the router.
 */
export function createCostBasedStrategy(): RoutingStrategy {
  return { name: 'cost-based-routing', needs: {}, pick: pickCheapest };
}
