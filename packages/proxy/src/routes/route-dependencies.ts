import type { Router } from '@llmux/router';
import type { KeyLimiter } from '../keys/key-limiter.js';
import type { ProxyLogger } from '../logger.js';
import type { SpendWriter } from '../spend/spend-writer.js';

export interface RouteDependencies {
  router: Router;
  spend: SpendWriter;
  logger: ProxyLogger;
  /** Budgets and rate limits of virtual keys; without it none are enforced. */
  limiter?: KeyLimiter | undefined;
}
