import type { NewSpendLog } from './tables/spend-log.table.js';

/** A complete spend-log row for tests; `overrides` set what the test is about. */
export function testSpendLog(requestId: string, overrides: Partial<NewSpendLog> = {}): NewSpendLog {
  const now = new Date().toISOString();
  return {
    request_id: requestId,
    call_id: requestId,
    call_type: 'acompletion',
    api_key: '',
    spend_pico: 1_000n,
    total_tokens: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    cached_read_tokens: 0,
    cache_write_tokens: 0,
    start_time: now,
    end_time: now,
    completion_start_time: null,
    model: '',
    model_id: '',
    model_group: 'm',
    custom_llm_provider: '',
    api_base: '',
    user: '',
    team_id: '',
    end_user: '',
    metadata: '{}',
    status: 'success',
    error_type: null,
    error_status: null,
    ...overrides,
  };
}
