import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/**
 * A `bigint` column (Postgres int8, SQLite INTEGER), read as JS bigint on both dialects
 * (SQLite opens with safe integers, the pg pool parses int8 to bigint).
 */
type Integer = ColumnType<bigint, bigint | number, bigint | number>;

/**
 * One row per proxied request that reached a model, under LiteLLM's `LiteLLM_SpendLogs`
 * column names where LiteLLM has one. Spend is `spend_pico`: integer picodollars
 * (1e-12 USD), exact, where LiteLLM stores a float `spend`. Times are ISO-8601 UTC text
 * (`Date.prototype.toISOString()`) on both dialects, so they sort as text and read back the same.
 */
export interface SpendLogTable {
  /** Unique per request (a server-made uuid). */
  request_id: string;
  /** The `x-litellm-call-id` answered: the client's own when it sent one, else `request_id`. */
  call_id: string;
  /** `acompletion` or `aembedding`, as LiteLLM names them. */
  call_type: string;
  /** sha256 hex of the key the request presented; '' when none. */
  api_key: string;
  spend_pico: Integer;
  total_tokens: Integer;
  prompt_tokens: Integer;
  completion_tokens: Integer;
  cached_read_tokens: Integer;
  cache_write_tokens: Integer;
  start_time: string;
  end_time: string;
  /** First streamed chunk; the end time for a response that was not streamed. */
  completion_start_time: string | null;
  /** The provider's model id (`gpt-4o`), without the provider prefix. */
  model: string;
  /** The deployment id (`x-litellm-model-id`). */
  model_id: string;
  /** The `model_name` the client asked for. */
  model_group: string;
  custom_llm_provider: string;
  api_base: string;
  /** The key owner (`default_user_id` for the master key, as LiteLLM names it). */
  user: string;
  /** The key's team; '' when none. */
  team_id: string;
  /** The OpenAI `user` field of the request (LiteLLM's end user / customer). */
  end_user: string;
  /** JSON text. */
  metadata: string;
  status: 'success' | 'failure';
  /** The error class for failures (`InternalServerError`, `client_disconnected`…). */
  error_type: string | null;
  /** The HTTP status of the failure. */
  error_status: ColumnType<bigint | null, bigint | number | null, bigint | number | null>;
}

export type SpendLog = Selectable<SpendLogTable>;
export type NewSpendLog = Insertable<SpendLogTable>;
export type SpendLogUpdate = Updateable<SpendLogTable>;
