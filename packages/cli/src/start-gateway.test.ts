import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSpendLogs, openDatabase } from '@llmux/proxy';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../proxy/src/db/test-dialects.js';
import { createLogger } from './create-logger.js';
import { startGateway } from './start-gateway.js';
import { postChat } from './test/post-chat.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'llmux-cli-db-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** A logger whose JSON lines are kept in memory. */
function memoryLogger() {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    pretty: false,
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, text: () => lines.join('') };
}

async function writeConfig(lines: string[]): Promise<string> {
  const path = join(directory, 'config.yaml');
  await writeFile(
    path,
    [
      'model_list:',
      '  - model_name: gpt-4o-mini',
      '    litellm_params: { model: openai/gpt-4o-mini, mock_response: "hi" }',
      ...lines,
    ].join('\n'),
  );
  return path;
}

/** Starts the gateway, makes one chat call, stops it; answers the log text. */
async function runOnce(configPath: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { logger, text } = memoryLogger();
  const gateway = await startGateway({ configPath, port: 0, host: '127.0.0.1', logger, env });
  try {
    const chat = await postChat(gateway.url);
    expect(chat.status).toBe(200);
    await chat.text();
  } finally {
    await gateway.close();
  }
  return text();
}

async function spendRowCount(url: string): Promise<number> {
  const database = await openDatabase({ url });
  try {
    return (await findSpendLogs(database.db)).length;
  } finally {
    await database.close();
  }
}

describe.each(DIALECTS)('startGateway with DATABASE_URL on $name', dialect => {
  afterAll(() => dialect.cleanup());

  it('uses DATABASE_URL when general_settings.database_url is absent, logging no password', async () => {
    const url = await dialect.createUrl();
    const log = await runOnce(await writeConfig([]), { DATABASE_URL: url });
    expect(await spendRowCount(url)).toBe(1);
    expect(log).toContain('(from DATABASE_URL)');
    const password = new URL(url).password;
    if (password) expect(log).not.toContain(`:${password}@`);
    expect(log).not.toContain(url);
  });

  it('prefers general_settings.database_url over DATABASE_URL', async () => {
    const url = await dialect.createUrl();
    const log = await runOnce(
      await writeConfig(['general_settings:', '  database_url: os.environ/TEST_DATABASE_URL']),
      // Would fail to open if it were used.
      { TEST_DATABASE_URL: url, DATABASE_URL: 'mysql://nobody:secret@nowhere/none' },
    );
    expect(await spendRowCount(url)).toBe(1);
    expect(log).not.toContain('(from DATABASE_URL)');
    expect(log).not.toContain('secret');
  });
});

describe('startGateway with general_settings.proxy_batch_write_at', () => {
  it('holds spend rows for that many seconds, and still writes them on close', async () => {
    const path = join(directory, 'spend.sqlite');
    const { logger } = memoryLogger();
    const gateway = await startGateway({
      configPath: await writeConfig([
        'general_settings:',
        `  database_url: sqlite:${path}`,
        '  proxy_batch_write_at: 3600',
      ]),
      port: 0,
      host: '127.0.0.1',
      logger,
      env: {},
    });
    try {
      const chat = await postChat(gateway.url);
      expect(chat.status).toBe(200);
      await chat.text();
      // Past the default 1 s flush: with the setting ignored the row would be written by now.
      await new Promise(resolve => setTimeout(resolve, 1500));
      expect(await spendRowCount(`sqlite:${path}`)).toBe(0);
    } finally {
      await gateway.close();
    }
    expect(await spendRowCount(`sqlite:${path}`)).toBe(1);
  });
});

describe('startGateway warm-up', () => {
  it('warns at start-up about a provider that cannot load, and serves the other models', async () => {
    const configPath = await writeConfig([
      '  - model_name: elsewhere',
      '    litellm_params: { model: some-model, custom_llm_provider: nosuchprovider }',
    ]);
    const log = await runOnce(configPath, {
      DATABASE_URL: `sqlite:${join(directory, 'db.sqlite')}`,
    });
    expect(log).toContain('provider nosuchprovider did not load');
    expect(log).toContain("Unknown provider 'nosuchprovider'");
    expect(log.indexOf('did not load')).toBeLessThan(log.indexOf('llmux proxy running'));
  });
});
