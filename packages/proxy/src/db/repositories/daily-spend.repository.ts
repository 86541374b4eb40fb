import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database.js';
import { statementChunks } from '../statement-chunks.js';
import {
  type DailySpend,
  dailySpendKeyColumns,
  type NewDailySpend,
} from '../tables/daily-spend.table.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Adds each row's counters to the rollup row with the same key columns, creating it when
 * there is none (`INSERT … ON CONFLICT DO UPDATE`, on SQLite and Postgres alike). `rows`
 * must not repeat a key (Postgres refuses to update a row twice in one statement): sum a
 * batch first (`dailySpendOf`). Rows go in statements of the fixed `statementChunks` sizes, so
 * the prepared-statement cache holds a few texts, not one per batch size.
 */
export async function upsertDailySpend(
  db: Executor,
  rows: readonly NewDailySpend[],
): Promise<void> {
  for (const { start, size } of statementChunks(rows.length)) {
    await db
      .insertInto('llmux_daily_spend')
      .values(rows.slice(start, start + size))
      .onConflict(conflict =>
        conflict.columns([...dailySpendKeyColumns]).doUpdateSet(eb => {
          const add = (
            column:
              | 'prompt_tokens'
              | 'completion_tokens'
              | 'cache_read_input_tokens'
              | 'cache_creation_input_tokens'
              | 'total_tokens'
              | 'spend_pico'
              | 'api_requests'
              | 'successful_requests'
              | 'failed_requests',
          ) => eb(eb.ref(`llmux_daily_spend.${column}`), '+', eb.ref(`excluded.${column}`));
          return {
            prompt_tokens: add('prompt_tokens'),
            completion_tokens: add('completion_tokens'),
            cache_read_input_tokens: add('cache_read_input_tokens'),
            cache_creation_input_tokens: add('cache_creation_input_tokens'),
            total_tokens: add('total_tokens'),
            spend_pico: add('spend_pico'),
            api_requests: add('api_requests'),
            successful_requests: add('successful_requests'),
            failed_requests: add('failed_requests'),
            updated_at: eb.ref('excluded.updated_at'),
          };
        }),
      )
      .execute();
  }
}

/** Every rollup row, ordered by its key (for tests and tools). */
export async function findDailySpend(db: Executor): Promise<DailySpend[]> {
  let query = db.selectFrom('llmux_daily_spend').selectAll();
  for (const column of dailySpendKeyColumns) query = query.orderBy(column);
  return query.execute();
}
