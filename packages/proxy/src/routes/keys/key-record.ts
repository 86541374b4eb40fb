import { BadRequestError, decimalToPico, parseDuration, picoToDollars } from '@llmux/core';
import type {
  VerificationToken,
  VerificationTokenUpdate,
} from '../../db/tables/verification-token.table.js';
import { parseJson } from '../../keys/key-cache.js';
import type { KeyFields } from './key-schemas.js';

function toNumber(value: bigint | number | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * A key row in LiteLLM's `LiteLLM_VerificationToken` JSON shape: money as float dollars,
 * JSON columns parsed, `blocked` a boolean. Includes `token` (the hash); `/key/info` drops it.
 */
export function toKeyJson(row: VerificationToken): Record<string, unknown> {
  return {
    token: row.token,
    key_name: row.key_name,
    key_alias: row.key_alias,
    spend: picoToDollars(BigInt(row.spend_pico)),
    max_budget: row.max_budget_pico === null ? null : picoToDollars(BigInt(row.max_budget_pico)),
    expires: row.expires,
    models: parseJson<string[]>(row.models, []),
    aliases: parseJson<Record<string, string>>(row.aliases, {}),
    config: parseJson<Record<string, unknown>>(row.config, {}),
    user_id: row.user_id,
    team_id: row.team_id,
    permissions: parseJson<Record<string, unknown>>(row.permissions, {}),
    max_parallel_requests: toNumber(row.max_parallel_requests),
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
    tpm_limit: toNumber(row.tpm_limit),
    rpm_limit: toNumber(row.rpm_limit),
    budget_duration: row.budget_duration,
    budget_reset_at: row.budget_reset_at,
    model_max_budget: parseJson<Record<string, unknown>>(row.model_max_budget, {}),
    blocked: Number(row.blocked) === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
    created_by: row.created_by,
    updated_by: row.updated_by,
  };
}

/** `duration` as the `expires` column: `-1` or null = never. */
export function expiresFor(duration: string | null, now: Date): string | null {
  if (duration === null || duration === '-1') return null;
  return new Date(now.getTime() + parseDuration(duration, now.getTime())).toISOString();
}

/** The columns a request's key fields set (only the fields it passed). */
export function keyFieldColumns(fields: KeyFields, now: Date): VerificationTokenUpdate {
  const columns: VerificationTokenUpdate = {};
  if (fields.key_alias !== undefined) columns.key_alias = fields.key_alias;
  if (fields.duration !== undefined) columns.expires = expiresFor(fields.duration, now);
  if (fields.models !== undefined) columns.models = JSON.stringify(fields.models);
  if (fields.max_budget !== undefined)
    columns.max_budget_pico = fields.max_budget === null ? null : decimalToPico(fields.max_budget);
  if (fields.budget_duration !== undefined) {
    columns.budget_duration = fields.budget_duration;
    columns.budget_reset_at =
      fields.budget_duration === null
        ? null
        : new Date(
            now.getTime() + parseDuration(fields.budget_duration, now.getTime()),
          ).toISOString();
  }
  if (fields.spend !== undefined) columns.spend_pico = decimalToPico(fields.spend);
  if (fields.tpm_limit !== undefined) columns.tpm_limit = fields.tpm_limit;
  if (fields.rpm_limit !== undefined) columns.rpm_limit = fields.rpm_limit;
  if (fields.max_parallel_requests !== undefined)
    columns.max_parallel_requests = fields.max_parallel_requests;
  if (fields.metadata !== undefined) columns.metadata = JSON.stringify(fields.metadata);
  if (fields.config !== undefined) columns.config = JSON.stringify(fields.config);
  if (fields.permissions !== undefined) columns.permissions = JSON.stringify(fields.permissions);
  if (fields.user_id !== undefined) columns.user_id = fields.user_id;
  if (fields.team_id !== undefined) columns.team_id = fields.team_id;
  if (fields.model_max_budget !== undefined)
    columns.model_max_budget = JSON.stringify(fields.model_max_budget);
  if (fields.aliases !== undefined) columns.aliases = JSON.stringify(fields.aliases);
  if (fields.blocked !== undefined) columns.blocked = fields.blocked ? 1 : 0;
  return columns;
}

/** LiteLLM's 400 for a `key_alias` another key has. */
export function aliasTakenError(alias: string): BadRequestError {
  return new BadRequestError({
    message: `Key with alias '${alias}' already exists. Unique key aliases across all keys are required.`,
    type: 'bad_request_error',
    param: 'key_alias',
  });
}
