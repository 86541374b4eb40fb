import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSpendLogs, openDatabase } from '@llmux/proxy';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../proxy/src/db/test-dialects.js';
import { describeStartupError } from './describe-startup-error.js';
import { demoConfigPath, runCli } from './index.js';
import { postChat } from './test/post-chat.js';

// The in-process gateway logs to stdout; keep the test output readable.
const quiet = { LLMUX_LOG_LEVEL: 'silent' };

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'llmux-cli-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeConfig(text: string): Promise<string> {
  const path = join(directory, 'config.yaml');
  await writeFile(path, text);
  return path;
}

async function startupFailure(argv: string[], env: NodeJS.ProcessEnv) {
  try {
    const gateway = await runCli(argv, env);
    await gateway?.close();
  } catch (error) {
    return { error, ...describeStartupError(error) };
  }
  throw new Error('expected startup to fail');
}

describe.each(DIALECTS)('runCli with general_settings.database_url on $name', dialect => {
  afterAll(() => dialect.cleanup());

  it('writes the spend row into that database', async () => {
    const url = await dialect.createUrl();
    const config = await writeConfig(
      [
        'model_list:',
        '  - model_name: gpt-4o-mini',
        '    litellm_params: { model: openai/gpt-4o-mini, mock_response: "hi" }',
        'general_settings:',
        '  database_url: os.environ/TEST_DATABASE_URL',
        '  database_connection_pool_limit: 2',
      ].join('\n'),
    );
    const gateway = await runCli(['--config', config, '--port', '0', '--host', '127.0.0.1'], {
      ...quiet,
      TEST_DATABASE_URL: url,
    });
    if (!gateway) throw new Error('runCli did not start the gateway');
    let cost: number;
    try {
      const chat = await postChat(gateway.url);
      expect(chat.status).toBe(200);
      cost = Number(chat.headers.get('x-litellm-response-cost'));
    } finally {
      await gateway.close();
    }
    const database = await openDatabase({ url });
    try {
      const rows = await findSpendLogs(database.db);
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]?.spend_pico) / 1e12).toBeCloseTo(cost, 12);
    } finally {
      await database.close();
    }
  });
});

describe('runCli', () => {
  it('serves the demo models: an OpenAI-shaped, costed reply without network', async () => {
    // The demo config as shipped, with the spend database kept in the temp directory.
    const demo = await readFile(demoConfigPath, 'utf8');
    const databasePath = join(directory, 'spend.sqlite');
    const config = await writeConfig(
      `${demo}\ngeneral_settings:\n  database_url: sqlite:${databasePath}\n`,
    );

    const gateway = await runCli(['--config', config, '--port', '0', '--host', '127.0.0.1'], quiet);
    if (!gateway) throw new Error('runCli did not start the gateway');
    try {
      expect(gateway.url).toBe(`http://127.0.0.1:${gateway.port}`);
      expect(gateway.port).toBeGreaterThan(0);

      const chat = await postChat(gateway.url, 'Hello');
      expect(chat.status).toBe(200);
      expect(Number(chat.headers.get('x-litellm-response-cost'))).toBeGreaterThan(0);
      expect(await chat.json()).toMatchObject({
        object: 'chat.completion',
        model: 'gpt-4o-mini',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: expect.stringContaining('llmux demo') },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) },
      });

      const embedding = await fetch(`${gateway.url}/v1/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'text-embedding-3-small', input: 'Hello' }),
      });
      expect(embedding.status).toBe(200);
      expect(Number(embedding.headers.get('x-litellm-response-cost'))).toBeGreaterThan(0);
      expect(await embedding.json()).toMatchObject({
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: expect.any(Array) }],
      });
    } finally {
      await gateway.close();
    }
    // Closing twice is harmless (signal handlers and tests may both do it).
    await gateway.close();
    await expect(fetch(`${gateway.url}/health/liveliness`)).rejects.toThrow();

    // close() flushed both calls' spend rows to the database.
    const database = await openDatabase({ url: `sqlite:${databasePath}` });
    try {
      const rows = await findSpendLogs(database.db);
      expect(rows.map(row => row.model_group).sort()).toEqual([
        'gpt-4o-mini',
        'text-embedding-3-small',
      ]);
    } finally {
      await database.close();
    }
  });

  it('names the key and the variable when an os.environ/ reference is not set', async () => {
    const config = await writeConfig(
      [
        'model_list:',
        '  - model_name: gpt-4o',
        '    litellm_params:',
        '      model: openai/gpt-4o',
        '      api_key: os.environ/LLMUX_TEST_MISSING_VAR',
      ].join('\n'),
    );
    const failure = await startupFailure(['--config', config, '--port', '0'], { ...quiet });
    expect(failure.exitCode).toBe(1);
    expect(failure.message).toContain('model_list[0].litellm_params.api_key');
    expect(failure.message).toContain('LLMUX_TEST_MISSING_VAR');
    expect(failure.message).not.toMatch(/^\s+at /m);
  });

  it('names the key path of an invalid value', async () => {
    const config = await writeConfig(
      [
        'model_list:',
        '  - model_name: gpt-4o',
        '    litellm_params:',
        '      model: openai/gpt-4o',
        '  - model_name: broken',
        '    litellm_params:',
        '      api_base: http://localhost:8000/v1',
      ].join('\n'),
    );
    const failure = await startupFailure(['--config', config, '--port', '0'], { ...quiet });
    expect(failure.exitCode).toBe(1);
    expect(failure.message).toMatch(/^llmux: .*model_list\[1\]\.litellm_params\.model/);
    expect(failure.message).not.toMatch(/^\s+at /m);
  });

  it('explains a router setting the router refuses, without a stack trace', async () => {
    const config = await writeConfig(
      [
        'model_list:',
        '  - model_name: gpt-4o',
        '    litellm_params: { model: openai/gpt-4o, mock_response: "hi" }',
        'router_settings:',
        '  routing_strategy: no-such-strategy',
      ].join('\n'),
    );
    const failure = await startupFailure(['--config', config, '--port', '0'], { ...quiet });
    expect(failure.exitCode).toBe(1);
    expect(failure.message).toMatch(
      /^llmux: Invalid config: Invalid router option `routing_strategy`/,
    );
    expect(failure.message).not.toMatch(/^\s+at /m);
  });

  it('says which config file is missing', async () => {
    const failure = await startupFailure(
      ['--config', join(directory, 'nope.yaml'), '--port', '0'],
      { ...quiet },
    );
    expect(failure.exitCode).toBe(1);
    expect(failure.message).toContain(join(directory, 'nope.yaml'));
    expect(failure.message).toContain('not found');
  });

  it('rejects bad flags as usage errors (exit code 2)', async () => {
    const failure = await startupFailure(['--port', 'eighty'], { ...quiet });
    expect(failure.exitCode).toBe(2);
    expect(failure.message).toContain('--port: "eighty" is not a port');
    expect(failure.message).toContain('llmux --help');
  });
});
