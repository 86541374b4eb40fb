import type { SpendLogTable } from './tables/spend-log.table.js';

/** Every table of the proxy's database. */
export interface Database {
  llmux_spend_logs: SpendLogTable;
}
