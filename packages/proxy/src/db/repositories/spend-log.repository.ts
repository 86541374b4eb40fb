import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.js';
import { statementChunks } from '../statement-chunks.js';
import type { NewSpendLog, SpendLog, SpendLogTable } from '../tables/spend-log.table.js';

/** Every column, in the order the INSERT binds them. */
const spendLogColumns = [
  'request_id',
  'call_id',
  'call_type',
  'api_key',
  'spend_pico',
  'total_tokens',
  'prompt_tokens',
  'completion_tokens',
  'cached_read_tokens',
  'cache_write_tokens',
  'start_time',
  'end_time',
  'completion_start_time',
  'model',
  'model_id',
  'model_group',
  'custom_llm_provider',
  'api_base',
  'user',
  'team_id',
  'end_user',
  'metadata',
  'status',
  'error_type',
  'error_status',
] as const satisfies ReadonlyArray<keyof SpendLogTable>;

// A column added to the table but not to the list above fails to compile here.
type UnlistedColumn = Exclude<keyof SpendLogTable, (typeof spendLogColumns)[number]>;
const everyColumnListed: UnlistedColumn extends never ? true : UnlistedColumn = true;
void everyColumnListed;

/** The INSERT text for n rows, per dialect (its adapter), built by Kysely once. */
const insertSqlCache = new WeakMap<object, Map<number, string>>();

function insertSql(db: Kysely<Database> | Transaction<Database>, rowCount: number): string {
  const adapter = db.getExecutor().adapter;
  let byCount = insertSqlCache.get(adapter);
  if (!byCount) {
    byCount = new Map();
    insertSqlCache.set(adapter, byCount);
  }
  let text = byCount.get(rowCount);
  if (text === undefined) {
    const template = Object.fromEntries(spendLogColumns.map(column => [column, null]));
    text = db
      .insertInto('llmux_spend_logs')
      .values(Array.from({ length: rowCount }, () => template as unknown as NewSpendLog))
      .compile().sql;
    byCount.set(rowCount, text);
  }
  return text;
}

/**
 * Inserts spend rows in statements of 64, 16, 4 or 1 rows (`statementChunks`). The statement
 * text is Kysely's, compiled once per size; the values are bound straight from the rows
 * (absent nullable fields as null), which spares the query builder's per-value work.
 */
export async function insertSpendLogs(
  db: Kysely<Database> | Transaction<Database>,
  rows: readonly NewSpendLog[],
): Promise<void> {
  for (const { start, size } of statementChunks(rows.length)) {
    const parameters: unknown[] = [];
    for (let index = start; index < start + size; index++) {
      const row = rows[index] as NewSpendLog;
      for (const column of spendLogColumns) parameters.push(row[column] ?? null);
    }
    await db.executeQuery(CompiledQuery.raw(insertSql(db, size), parameters));
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
