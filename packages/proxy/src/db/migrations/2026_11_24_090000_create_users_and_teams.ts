import type { Kysely } from 'kysely';

// Frozen in time: portable statements for SQLite and Postgres, as the verification-token
// migration: money integer picodollars (`bigint`), times ISO-8601 `text`, JSON values `text`,
// `blocked` an integer 0/1. Spend rows also gain `team_id` (the key's team; '' when none).

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('llmux_users')
    .addColumn('user_id', 'text', column => column.primaryKey())
    .addColumn('user_email', 'text')
    .addColumn('user_alias', 'text')
    .addColumn('user_role', 'text', column => column.notNull().defaultTo('internal_user'))
    .addColumn('teams', 'text', column => column.notNull().defaultTo('[]'))
    .addColumn('models', 'text', column => column.notNull().defaultTo('[]'))
    .addColumn('max_budget_pico', 'bigint')
    .addColumn('budget_duration', 'text')
    .addColumn('budget_reset_at', 'text')
    .addColumn('spend_pico', 'bigint', column => column.notNull().defaultTo(0))
    .addColumn('tpm_limit', 'bigint')
    .addColumn('rpm_limit', 'bigint')
    .addColumn('metadata', 'text', column => column.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', column => column.notNull())
    .addColumn('updated_at', 'text', column => column.notNull())
    .execute();
  await db.schema
    .createIndex('llmux_users_user_email')
    .on('llmux_users')
    .column('user_email')
    .execute();
  await db.schema
    .createTable('llmux_teams')
    .addColumn('team_id', 'text', column => column.primaryKey())
    .addColumn('team_alias', 'text')
    .addColumn('admins', 'text', column => column.notNull().defaultTo('[]'))
    .addColumn('members', 'text', column => column.notNull().defaultTo('[]'))
    .addColumn('members_with_roles', 'text', column => column.notNull().defaultTo('[]'))
    .addColumn('metadata', 'text', column => column.notNull().defaultTo('{}'))
    .addColumn('max_budget_pico', 'bigint')
    .addColumn('budget_duration', 'text')
    .addColumn('budget_reset_at', 'text')
    .addColumn('spend_pico', 'bigint', column => column.notNull().defaultTo(0))
    .addColumn('models', 'text', column => column.notNull().defaultTo('[]'))
    .addColumn('tpm_limit', 'bigint')
    .addColumn('rpm_limit', 'bigint')
    .addColumn('blocked', 'integer', column => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', column => column.notNull())
    .addColumn('updated_at', 'text', column => column.notNull())
    .execute();
  await db.schema
    .createTable('llmux_team_memberships')
    .addColumn('user_id', 'text', column => column.notNull())
    .addColumn('team_id', 'text', column => column.notNull())
    .addColumn('spend_pico', 'bigint', column => column.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('llmux_team_memberships_pk', ['user_id', 'team_id'])
    .execute();
  await db.schema
    .createIndex('llmux_team_memberships_team_id')
    .on('llmux_team_memberships')
    .column('team_id')
    .execute();
  await db.schema
    .alterTable('llmux_spend_logs')
    .addColumn('team_id', 'text', column => column.notNull().defaultTo(''))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('llmux_spend_logs').dropColumn('team_id').execute();
  await db.schema.dropTable('llmux_team_memberships').execute();
  await db.schema.dropTable('llmux_teams').execute();
  await db.schema.dropTable('llmux_users').execute();
}
