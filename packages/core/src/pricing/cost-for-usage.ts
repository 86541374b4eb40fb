import type { UsageV1 } from '../provider/usage.js';
import { computeCostPico } from './compute-cost-pico.js';
import { lookupModelPrice } from './lookup-model-price.js';
import type { ModelPrice } from './model-price.js';

export interface CostForUsageArgs {
  provider: string;
  modelId: string;
  usage: UsageV1;
  /** Prices from config or call options; used as they are, the table is not read. */
  customPrice?: ModelPrice | undefined;
  /** Price as this model instead (LiteLLM's `model_info.base_model`). */
  baseModel?: string | undefined;
}

/**
 * Cost of a request in picodollars: the custom price, else the table's price for
 * `baseModel`, else for `modelId`. Unpriced requests cost 0 with `priced: false`.
 */
export function costForUsage(args: CostForUsageArgs): { costPico: bigint; priced: boolean } {
  const price =
    args.customPrice ??
    (args.baseModel ? lookupModelPrice(args.baseModel, args.provider) : undefined) ??
    lookupModelPrice(args.modelId, args.provider);
  if (!price) return { costPico: 0n, priced: false };
  return { costPico: computeCostPico(args.usage, price), priced: true };
}
