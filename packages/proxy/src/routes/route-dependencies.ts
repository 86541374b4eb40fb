import type { Router } from '@llmux/router';
import type { ProxyLogger } from '../logger.js';
import type { SpendWriter } from '../spend/spend-writer.js';

export interface RouteDependencies {
  router: Router;
  spend: SpendWriter;
  logger: ProxyLogger;
}
