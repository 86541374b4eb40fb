import { picoToDollars } from '@llmux/core';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseProxyConfig } from './config/parse-proxy-config.js';
import { createApp } from './create-app.js';
import { type LlmuxDatabase, openDatabase } from './db/open-database.js';
import { findSpendLogs } from './db/repositories/spend-log.repository.js';
import { type RunningServer, serve } from './serve.js';

const masterKey = 'sk-acceptance-master-key';
const mockText = 'The proxy answers like LiteLLM does.';

// Acceptance: the official `openai` npm client against the running proxy over loopback HTTP.
describe('the openai npm client against the proxy', () => {
  let database: LlmuxDatabase;
  let server: RunningServer;
  let client: OpenAI;

  beforeAll(async () => {
    const { config } = parseProxyConfig(
      {
        model_list: [
          {
            model_name: 'gpt-4o',
            litellm_params: { model: 'openai/gpt-4o', mock_response: mockText },
          },
          {
            model_name: 'text-embedding-3-small',
            litellm_params: { model: 'openai/text-embedding-3-small', mock_response: 'ok' },
          },
        ],
        general_settings: { master_key: 'os.environ/PROXY_MASTER_KEY' },
      },
      { PROXY_MASTER_KEY: masterKey },
    );
    database = await openDatabase({ url: ':memory:' });
    server = await serve({
      app: createApp({ config, db: database }),
      port: 0,
      hostname: '127.0.0.1',
    });
    client = new OpenAI({ apiKey: masterKey, baseURL: `${server.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await server.close();
    await database.close();
  });

  it('completes a chat and reports its cost in x-litellm-response-cost', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello?' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe(mockText);
    expect(data.model).toBe('gpt-4o');
    const callId = response.headers.get('x-litellm-call-id');
    const cost = response.headers.get('x-litellm-response-cost');
    expect(Number(cost)).toBeGreaterThan(0);

    await database.spend.flush();
    const [row] = await findSpendLogs(database.db, { callId: callId ?? '' });
    expect(row?.status).toBe('success');
    expect(Number(cost)).toBe(picoToDollars(row?.spend_pico ?? -1n));
  });

  it('streams a chat: text reassembled, usage in the last chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(mockText);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it('embeds', async () => {
    const { data, response } = await client.embeddings
      .create({ model: 'text-embedding-3-small', input: ['one', 'two'] })
      .withResponse();
    expect(data.data).toHaveLength(2);
    expect(data.data[0]?.embedding.length).toBeGreaterThan(0);
    expect(response.headers.get('x-litellm-response-cost')).not.toBeNull();
  });

  it('rejects a wrong key with OpenAI.AuthenticationError', async () => {
    const wrong = new OpenAI({
      apiKey: 'sk-not-the-master-key',
      baseURL: `${server.url}/v1`,
      maxRetries: 0,
    });
    const error = await wrong.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401);
    expect((error as Error).message).not.toContain('sk-not-the-master-key');
  });

  it('rejects an unknown model with OpenAI.BadRequestError pointing at /v1/models', async () => {
    const error = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const badRequest = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(badRequest.status).toBe(400);
    expect(badRequest.message).toContain(
      'Invalid model name passed in model=no-such-model. Call `/v1/models` to view available models for your key.',
    );
  });

  it('writes one spend row per successful request, all flushed by close()', async () => {
    await vi.waitFor(async () => {
      await database.spend.flush();
      const rows = await findSpendLogs(database.db);
      expect(rows.map(row => row.call_type).sort()).toEqual([
        'acompletion',
        'acompletion',
        'aembedding',
      ]);
    });
  });
});
