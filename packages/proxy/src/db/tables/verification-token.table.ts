import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/** A nullable `bigint` column, read as JS bigint on both dialects (see `spend-log.table.ts`). */
type NullableInteger = ColumnType<bigint | null, bigint | number | null, bigint | number | null>;

/**
 * One virtual key, under LiteLLM's `LiteLLM_VerificationToken` column names. The clear key is
 * never stored: `token` is the sha256 hex of the whole key (`sk-` included). Money is integer
 * picodollars (`spend_pico`, `max_budget_pico`) where LiteLLM stores floats. JSON values
 * (`models`, `aliases`, `config`, `permissions`, `metadata`, `model_max_budget`) are JSON text.
 * Times are ISO-8601 UTC text. `blocked` is 0 or 1: an integer compares and reads the same on
 * SQLite (no boolean type) and Postgres, where a boolean column would read back as `true` on
 * one dialect and `1n` on the other.
 */
export interface VerificationTokenTable {
  token: string;
  /** `sk-...` + the key's last 4 characters. */
  key_name: string;
  /** Unique when set. */
  key_alias: string | null;
  spend_pico: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  max_budget_pico: NullableInteger;
  budget_duration: string | null;
  budget_reset_at: string | null;
  /** ISO time after which the key is refused; null = never. */
  expires: string | null;
  /** JSON list of model groups; `[]` = every model. */
  models: string;
  /** JSON object: requested model name -> model group. */
  aliases: string;
  config: string;
  permissions: string;
  metadata: string;
  user_id: string | null;
  team_id: string | null;
  max_parallel_requests: NullableInteger;
  tpm_limit: NullableInteger;
  rpm_limit: NullableInteger;
  model_max_budget: string;
  /** 0 or 1 (see above); read as bigint on SQLite, number on Postgres. */
  blocked: ColumnType<bigint | number, 0 | 1, 0 | 1>;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
}

export type VerificationToken = Selectable<VerificationTokenTable>;
export type NewVerificationToken = Insertable<VerificationTokenTable>;
export type VerificationTokenUpdate = Updateable<VerificationTokenTable>;
