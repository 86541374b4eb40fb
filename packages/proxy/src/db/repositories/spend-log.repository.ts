import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database.js';
import type { NewSpendLog, SpendLog } from '../tables/spend-log.table.js';

// SQLite allows 32766 bound values per statement, Postgres 65535; 25 columns x 100 rows
// stays well below both. A fixed size keeps the SQL text of full chunks the same, so SQLite
// reuses one prepared statement for them (see cached-statements.ts).
const rowsPerStatement = 100;

export async function insertSpendLogs(
  db: Kysely<Database> | Transaction<Database>,
  rows: readonly NewSpendLog[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    await db
      .insertInto('llmux_spend_logs')
      .values(rows.slice(start, start + rowsPerStatement))
      .execute();
  }
}

export interface SpendLogFilter {
  requestId?: string | undefined;
  callId?: string | undefined;
  /** sha256 hex of the key. */
  apiKey?: string | undefined;
  modelGroup?: string | undefined;
  status?: 'success' | 'failure' | undefined;
  limit?: number | undefined;
}

/** Spend rows, oldest first. */
export async function findSpendLogs(
  db: Kysely<Database> | Transaction<Database>,
  filter: SpendLogFilter = {},
): Promise<SpendLog[]> {
  let query = db
    .selectFrom('llmux_spend_logs')
    .selectAll()
    .orderBy('start_time')
    .orderBy('request_id');
  if (filter.requestId !== undefined) query = query.where('request_id', '=', filter.requestId);
  if (filter.callId !== undefined) query = query.where('call_id', '=', filter.callId);
  if (filter.apiKey !== undefined) query = query.where('api_key', '=', filter.apiKey);
  if (filter.modelGroup !== undefined) query = query.where('model_group', '=', filter.modelGroup);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  return query.execute();
}
