import type { Kysely } from 'kysely';

// Frozen in time: portable statements for SQLite and Postgres. Money is integer picodollars
// (`bigint`), times ISO-8601 `text`, JSON values `text`, `blocked` an integer 0/1 (the one
// boolean form both dialects store and compare the same way).

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('llmux_verification_tokens')
    .addColumn('token', 'text', column => column.primaryKey())
    .addColumn('key_name', 'text', column => column.notNull())
    .addColumn('key_alias', 'text', column => column.unique())
    .addColumn('spend_pico', 'bigint', column => column.notNull().defaultTo(0))
    .addColumn('max_budget_pico', 'bigint')
    .addColumn('budget_duration', 'text')
    .addColumn('budget_reset_at', 'text')
    .addColumn('expires', 'text')
    .addColumn('models', 'text', column => column.notNull().defaultTo('[]'))
    .addColumn('aliases', 'text', column => column.notNull().defaultTo('{}'))
    .addColumn('config', 'text', column => column.notNull().defaultTo('{}'))
    .addColumn('permissions', 'text', column => column.notNull().defaultTo('{}'))
    .addColumn('metadata', 'text', column => column.notNull().defaultTo('{}'))
    .addColumn('user_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('max_parallel_requests', 'bigint')
    .addColumn('tpm_limit', 'bigint')
    .addColumn('rpm_limit', 'bigint')
    .addColumn('model_max_budget', 'text', column => column.notNull().defaultTo('{}'))
    .addColumn('blocked', 'integer', column => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', column => column.notNull())
    .addColumn('updated_at', 'text', column => column.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createIndex('llmux_verification_tokens_user_id')
    .on('llmux_verification_tokens')
    .column('user_id')
    .execute();
  await db.schema
    .createIndex('llmux_verification_tokens_team_id')
    .on('llmux_verification_tokens')
    .column('team_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('llmux_verification_tokens').execute();
}
