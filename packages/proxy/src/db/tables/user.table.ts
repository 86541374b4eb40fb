import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/** A nullable `bigint` column, read as JS bigint on both dialects (see `spend-log.table.ts`). */
type NullableInteger = ColumnType<bigint | null, bigint | number | null, bigint | number | null>;

/**
 * One user, under LiteLLM's `LiteLLM_UserTable` column names. Money is integer picodollars
 * (`spend_pico`, `max_budget_pico`); `teams` and `models` are JSON lists, `metadata` a JSON
 * object, times ISO-8601 UTC text. `max_budget_pico`/`budget_duration` are stored, not yet
 * enforced.
 */
export interface UserTable {
  user_id: string;
  user_email: string | null;
  user_alias: string | null;
  /** `proxy_admin`, `proxy_admin_viewer`, `internal_user` or `internal_user_viewer`. */
  user_role: string;
  teams: string;
  models: string;
  max_budget_pico: NullableInteger;
  budget_duration: string | null;
  budget_reset_at: string | null;
  spend_pico: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  tpm_limit: NullableInteger;
  rpm_limit: NullableInteger;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
