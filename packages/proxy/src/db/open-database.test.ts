import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.js';
import { findSpendLogs } from './repositories/spend-log.repository.js';
import type { NewSpendLog } from './tables/spend-log.table.js';

function spendRow(overrides: Partial<NewSpendLog> = {}): NewSpendLog {
  return {
    request_id: crypto.randomUUID(),
    call_id: 'call',
    call_type: 'acompletion',
    api_key: '',
    spend_pico: 1_234_567n,
    total_tokens: 3,
    prompt_tokens: 2,
    completion_tokens: 1,
    cached_read_tokens: 0,
    cache_write_tokens: 0,
    start_time: new Date().toISOString(),
    end_time: new Date().toISOString(),
    completion_start_time: null,
    model: 'gpt-4o',
    model_id: 'id',
    model_group: 'gpt-4o',
    custom_llm_provider: 'openai',
    api_base: '',
    user: '',
    end_user: '',
    metadata: '{}',
    status: 'success',
    error_type: null,
    error_status: null,
    ...overrides,
  };
}

describe('openDatabase', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'llmux-db-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('creates .llmux/llmux.sqlite under cwd in WAL mode and migrates it', async () => {
    const database = await openDatabase({ cwd: directory });
    const file = join(directory, '.llmux', 'llmux.sqlite');
    expect(existsSync(file)).toBe(true);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    const migrations = await sql<{ name: string }>`select name from llmux_migration`.execute(
      database.db,
    );
    expect(migrations.rows.map(row => row.name)).toEqual(['2026_11_24_064000_create_spend_logs']);
    await database.close();
    await database.close();
  });

  it('reopens an existing file without migrating twice, and keeps spend exact as bigint', async () => {
    const url = `sqlite:${join(directory, 'spend.sqlite')}`;
    const first = await openDatabase({ url });
    // More than 2^53 picodollars: a float would round it.
    first.spend.record(spendRow({ request_id: 'big', spend_pico: 9_007_199_254_740_993n }));
    await first.close();
    const second = await openDatabase({ url });
    const [row] = await findSpendLogs(second.db, { requestId: 'big' });
    expect(row?.spend_pico).toBe(9_007_199_254_740_993n);
    expect(row?.total_tokens).toBe(3n);
    await second.close();
  });

  it('refuses Postgres URLs with a clear error', async () => {
    await expect(openDatabase({ url: 'postgresql://u:p@localhost/llmux' })).rejects.toThrow(
      /Postgres is not supported/,
    );
  });
});
