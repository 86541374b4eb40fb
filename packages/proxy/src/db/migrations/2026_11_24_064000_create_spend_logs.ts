import type { Kysely } from 'kysely';

// Portable: the same statements run on SQLite and Postgres. Counts and money are `bigint`
// (Postgres int8; SQLite gives any type naming INT integer affinity), times ISO-8601 `text`.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('llmux_spend_logs')
    .addColumn('request_id', 'text', column => column.primaryKey())
    .addColumn('call_id', 'text', column => column.notNull())
    .addColumn('call_type', 'text', column => column.notNull())
    .addColumn('api_key', 'text', column => column.notNull().defaultTo(''))
    .addColumn('spend_pico', 'bigint', column => column.notNull().defaultTo(0))
    .addColumn('total_tokens', 'bigint', column => column.notNull().defaultTo(0))
    .addColumn('prompt_tokens', 'bigint', column => column.notNull().defaultTo(0))
    .addColumn('completion_tokens', 'bigint', column => column.notNull().defaultTo(0))
    .addColumn('cached_read_tokens', 'bigint', column => column.notNull().defaultTo(0))
    .addColumn('cache_write_tokens', 'bigint', column => column.notNull().defaultTo(0))
    .addColumn('start_time', 'text', column => column.notNull())
    .addColumn('end_time', 'text', column => column.notNull())
    .addColumn('completion_start_time', 'text')
    .addColumn('model', 'text', column => column.notNull().defaultTo(''))
    .addColumn('model_id', 'text', column => column.notNull().defaultTo(''))
    .addColumn('model_group', 'text', column => column.notNull().defaultTo(''))
    .addColumn('custom_llm_provider', 'text', column => column.notNull().defaultTo(''))
    .addColumn('api_base', 'text', column => column.notNull().defaultTo(''))
    .addColumn('user', 'text', column => column.notNull().defaultTo(''))
    .addColumn('end_user', 'text', column => column.notNull().defaultTo(''))
    .addColumn('metadata', 'text', column => column.notNull().defaultTo('{}'))
    .addColumn('status', 'text', column => column.notNull())
    .addColumn('error_type', 'text')
    .addColumn('error_status', 'bigint')
    .execute();
  await db.schema
    .createIndex('llmux_spend_logs_start_time')
    .on('llmux_spend_logs')
    .column('start_time')
    .execute();
  await db.schema
    .createIndex('llmux_spend_logs_call_id')
    .on('llmux_spend_logs')
    .column('call_id')
    .execute();
  await db.schema
    .createIndex('llmux_spend_logs_api_key')
    .on('llmux_spend_logs')
    .column('api_key')
    .execute();
  await db.schema
    .createIndex('llmux_spend_logs_end_user')
    .on('llmux_spend_logs')
    .column('end_user')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('llmux_spend_logs').execute();
}
