import { decimalToPico, parseDuration, picoToDollars } from '@llmux/core';
import type { User, UserUpdate } from '../../db/tables/user.table.js';
import { parseJson } from '../../keys/key-cache.js';
import type { UserFields } from './user-schemas.js';

function toNumber(value: bigint | number | null): number | null {
  return value === null ? null : Number(value);
}

/** `budget_reset_at` for a `budget_duration` starting now; null for none. */
export function budgetResetAt(duration: string | null, now: Date): string | null {
  if (duration === null) return null;
  return new Date(now.getTime() + parseDuration(duration, now.getTime())).toISOString();
}

/** A user row in LiteLLM's `LiteLLM_UserTable` JSON shape: money as float dollars, JSON parsed. */
export function toUserJson(row: User): Record<string, unknown> {
  return {
    user_id: row.user_id,
    user_email: row.user_email,
    user_alias: row.user_alias,
    user_role: row.user_role,
    teams: parseJson<string[]>(row.teams, []),
    models: parseJson<string[]>(row.models, []),
    max_budget: row.max_budget_pico === null ? null : picoToDollars(BigInt(row.max_budget_pico)),
    budget_duration: row.budget_duration,
    budget_reset_at: row.budget_reset_at,
    spend: picoToDollars(BigInt(row.spend_pico)),
    tpm_limit: toNumber(row.tpm_limit),
    rpm_limit: toNumber(row.rpm_limit),
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The columns a request's user fields set (only the fields it passed). */
export function userFieldColumns(fields: UserFields, now: Date): UserUpdate {
  const columns: UserUpdate = {};
  if (fields.user_email !== undefined) columns.user_email = fields.user_email;
  if (fields.user_alias !== undefined) columns.user_alias = fields.user_alias;
  if (fields.user_role !== undefined) columns.user_role = fields.user_role;
  if (fields.models !== undefined) columns.models = JSON.stringify(fields.models);
  if (fields.max_budget !== undefined)
    columns.max_budget_pico = fields.max_budget === null ? null : decimalToPico(fields.max_budget);
  if (fields.budget_duration !== undefined) {
    columns.budget_duration = fields.budget_duration;
    columns.budget_reset_at = budgetResetAt(fields.budget_duration, now);
  }
  if (fields.tpm_limit !== undefined) columns.tpm_limit = fields.tpm_limit;
  if (fields.rpm_limit !== undefined) columns.rpm_limit = fields.rpm_limit;
  if (fields.metadata !== undefined) columns.metadata = JSON.stringify(fields.metadata);
  return columns;
}
