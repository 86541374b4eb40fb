import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completion, picoToDollars } from '@llmux/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseProxyConfig } from './config/parse-proxy-config.js';
import { createApp } from './create-app.js';
import { type LlmuxDatabase, openDatabase } from './db/open-database.js';
import { findSpendLogs } from './db/repositories/spend-log.repository.js';
import { hashApiKey } from './http/hash-api-key.js';
import type { ProxyLogger } from './logger.js';

const masterKey = 'sk-master-key-0123456789';
const mockText = 'Hello from the mock, three words.';
const messages = [{ role: 'user' as const, content: 'Say hello' }];

function configWith(generalSettings: Record<string, unknown> = { master_key: masterKey }) {
  return parseProxyConfig(
    {
      model_list: [
        {
          model_name: 'gpt-4o',
          litellm_params: { model: 'openai/gpt-4o', mock_response: mockText },
        },
        {
          model_name: 'embedder',
          litellm_params: { model: 'openai/text-embedding-3-small', mock_response: 'ok' },
        },
        {
          model_name: 'rate-limited',
          litellm_params: { model: 'openai/gpt-4o', mock_response: 'litellm.RateLimitError' },
        },
      ],
      general_settings: generalSettings,
    },
    {},
  ).config;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://proxy.test${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${masterKey}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function sseEvents(text: string): string[] {
  return text
    .split('\n\n')
    .filter(event => event.startsWith('data: '))
    .map(event => event.slice('data: '.length));
}

describe('createApp', () => {
  let database: LlmuxDatabase;
  let app: ReturnType<typeof createApp>;

  async function spendRows() {
    await database.spend.flush();
    return findSpendLogs(database.db);
  }

  beforeEach(async () => {
    database = await openDatabase({ url: ':memory:', spendWriter: { flushIntervalMs: 60_000 } });
    app = createApp({ config: configWith(), db: database });
  });
  afterEach(async () => {
    await database.close();
  });

  it('answers health checks without a key', async () => {
    for (const path of ['/health/liveliness', '/health/liveness']) {
      const response = await app.request(path);
      expect(response.status).toBe(200);
      expect(await response.json()).toBe("I'm alive!");
    }
    const readiness = await app.request('/health/readiness');
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toMatchObject({ status: 'connected', db: 'connected' });
  });

  it('lists model groups in LiteLLM’s shape', async () => {
    const response = await app.request('/v1/models', {
      headers: { authorization: `Bearer ${masterKey}` },
    });
    expect(await response.json()).toEqual({
      data: ['gpt-4o', 'embedder', 'rate-limited'].map(id => ({
        id,
        object: 'model',
        created: 1677610602,
        owned_by: 'openai',
      })),
      object: 'list',
    });
  });

  it('answers a chat completion with the model group, LiteLLM headers and one exact spend row', async () => {
    const response = await app.request(
      post('/v1/chat/completions', { model: 'gpt-4o', messages, user: 'customer-7' }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      model: string;
      choices: Array<{ message: { content: string } }>;
    };
    expect(body.model).toBe('gpt-4o');
    expect(body.choices[0]?.message.content).toBe(mockText);

    const direct = await completion({ model: 'openai/gpt-4o', messages, mock_response: mockText });
    const expectedPico = direct._hidden_params.response_cost_pico;
    expect(direct._hidden_params.priced).toBe(true);
    expect(expectedPico).toBeGreaterThan(0n);
    expect(Number(response.headers.get('x-litellm-response-cost'))).toBe(
      picoToDollars(expectedPico),
    );

    const callId = response.headers.get('x-litellm-call-id');
    expect(callId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-litellm-model-group')).toBe('gpt-4o');
    expect(response.headers.get('x-litellm-model-id')).toMatch(/^[0-9a-f]{64}$/);
    expect(response.headers.get('x-litellm-version')).toBeTruthy();
    expect(response.headers.get('x-litellm-attempted-retries')).toBe('0');
    expect(response.headers.get('x-litellm-attempted-fallbacks')).toBe('0');
    expect(Number(response.headers.get('x-litellm-response-duration-ms'))).toBeGreaterThanOrEqual(
      0,
    );
    expect(Number(response.headers.get('x-litellm-overhead-duration-ms'))).toBeGreaterThanOrEqual(
      0,
    );

    const rows = await spendRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      request_id: callId,
      call_id: callId,
      call_type: 'acompletion',
      api_key: hashApiKey(masterKey),
      spend_pico: expectedPico,
      prompt_tokens: BigInt(direct._hidden_params.usage.promptTokens),
      completion_tokens: BigInt(direct._hidden_params.usage.completionTokens),
      model: 'gpt-4o',
      model_id: response.headers.get('x-litellm-model-id'),
      model_group: 'gpt-4o',
      custom_llm_provider: 'openai',
      user: 'default_user_id',
      end_user: 'customer-7',
      status: 'success',
      error_type: null,
    });
  });

  it('reuses an incoming x-litellm-call-id', async () => {
    const response = await app.request(
      post(
        '/chat/completions',
        { model: 'gpt-4o', messages },
        { 'x-litellm-call-id': 'my-call-1' },
      ),
    );
    expect(response.headers.get('x-litellm-call-id')).toBe('my-call-1');
    const [row] = await spendRows();
    expect(row?.call_id).toBe('my-call-1');
  });

  it('streams SSE chunks, ends with [DONE] and costs the stream like the same call unstreamed', async () => {
    const response = await app.request(
      post('/v1/chat/completions', {
        model: 'gpt-4o',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-litellm-model-group')).toBe('gpt-4o');
    const events = sseEvents(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map(event => JSON.parse(event));
    expect(chunks.every(chunk => chunk.model === 'gpt-4o')).toBe(true);
    expect(chunks.map(chunk => chunk.choices[0]?.delta?.content ?? '').join('')).toBe(mockText);
    expect(chunks.at(-1).usage.total_tokens).toBeGreaterThan(0);

    await vi.waitFor(async () => expect(await spendRows()).toHaveLength(1));
    const direct = await completion({ model: 'openai/gpt-4o', messages, mock_response: mockText });
    const [row] = await spendRows();
    expect(row).toMatchObject({
      status: 'success',
      spend_pico: direct._hidden_params.response_cost_pico,
    });
    expect(row?.completion_start_time).not.toBeNull();
    expect(JSON.parse(row?.metadata ?? '{}')).toMatchObject({ stream: true });
  });

  it('answers embeddings and writes an aembedding row', async () => {
    const response = await app.request(
      post('/v1/embeddings', { model: 'embedder', input: ['a', 'b'] }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { model: string; data: unknown[] };
    expect(body.model).toBe('embedder');
    expect(body.data).toHaveLength(2);
    expect(response.headers.get('x-litellm-response-cost')).not.toBeNull();
    const rows = await spendRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      call_type: 'aembedding',
      model_group: 'embedder',
      status: 'success',
    });
  });

  const badInputs: Array<{
    name: string;
    request: () => Request;
    status: number;
    message: RegExp;
    param?: string;
  }> = [
    {
      name: 'invalid JSON',
      request: () => post('/v1/chat/completions', '{"model": "gpt-4o", '),
      status: 400,
      message: /^Invalid JSON in request body/,
    },
    {
      name: 'messages of the wrong type',
      request: () => post('/v1/chat/completions', { model: 'gpt-4o', messages: 'hi' }),
      status: 400,
      message: /'messages'/,
      param: 'messages',
    },
    {
      name: 'temperature of the wrong type',
      request: () =>
        post('/v1/chat/completions', { model: 'gpt-4o', messages, temperature: 'hot' }),
      status: 400,
      message: /'temperature'/,
      param: 'temperature',
    },
    {
      name: 'missing model',
      request: () => post('/v1/chat/completions', { messages }),
      status: 400,
      message: /Missing required parameter: model/,
      param: 'model',
    },
    {
      name: 'unknown model',
      request: () => post('/v1/chat/completions', { model: 'gpt-5-nope', messages }),
      status: 400,
      message:
        /^Invalid model name passed in model=gpt-5-nope\. Call `\/v1\/models` to view available models for your key\.$/,
      param: 'model',
    },
    {
      name: 'no key',
      request: () =>
        new Request('http://proxy.test/v1/chat/completions', {
          method: 'POST',
          body: JSON.stringify({ model: 'gpt-4o', messages }),
        }),
      status: 401,
      message: /No api key passed in\./,
    },
    {
      name: 'wrong key',
      request: () =>
        post(
          '/v1/chat/completions',
          { model: 'gpt-4o', messages },
          { authorization: 'Bearer sk-wrong-key-abcdefgh' },
        ),
      status: 401,
      message:
        /Invalid proxy server token passed\. Received API Key = sk-\.\.\.efgh, Key Hash \(Token\) = [0-9a-f]{64}\./,
    },
    {
      name: 'a body that is not an object',
      request: () => post('/v1/embeddings', '[1, 2]'),
      status: 400,
      message: /must be a JSON object/,
    },
    {
      name: 'api_base set by the client',
      request: () =>
        post('/v1/chat/completions', {
          model: 'gpt-4o',
          messages,
          api_base: 'http://attacker.test',
        }),
      status: 400,
      message: /api_base is not allowed in request body/,
    },
  ];

  for (const { name, request, status, message, param } of badInputs) {
    it(`answers ${name} with an OpenAI-shaped ${status} and writes no spend row`, async () => {
      const response = await app.request(request());
      expect(response.status).toBe(status);
      expect(response.headers.get('x-litellm-response-cost')).toBe('0');
      expect(response.headers.get('x-litellm-call-id')).toBeTruthy();
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
      expect(body.error.code).toBe(String(status));
      expect(body.error.message).toMatch(message);
      if (param !== undefined) expect(body.error.param).toBe(param);
      expect(JSON.stringify(body)).not.toContain('sk-wrong-key-abcdefgh');
      expect(await spendRows()).toHaveLength(0);
    });
  }

  it('writes a failure row when the model call fails', async () => {
    const response = await app.request(
      post('/v1/chat/completions', { model: 'rate-limited', messages }),
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('x-litellm-response-cost')).toBe('0');
    expect(response.headers.get('x-litellm-model-group')).toBe('rate-limited');
    const rows = await spendRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'failure',
      spend_pico: 0n,
      error_type: 'RateLimitError',
      error_status: 429n,
      model_group: 'rate-limited',
      custom_llm_provider: 'openai',
    });
    expect(rows[0]?.model_id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers unknown paths with a 404 envelope', async () => {
    const response = await app.request('/v1/nope', {
      headers: { authorization: `Bearer ${masterKey}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: '404', type: 'not_found_error' },
    });
  });

  it('accepts the key from the headers LiteLLM reads, x-litellm-api-key first', async () => {
    const body = JSON.stringify({ model: 'gpt-4o', messages });
    const keyHeaders: Array<Record<string, string>> = [
      { 'x-litellm-api-key': masterKey, authorization: 'Bearer sk-something-else-1234' },
      { 'api-key': masterKey },
      { 'x-api-key': masterKey },
      { 'x-goog-api-key': masterKey },
    ];
    for (const headers of keyHeaders) {
      const response = await app.request('/v1/chat/completions', { method: 'POST', headers, body });
      expect(response.status).toBe(200);
    }
    const malformed = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: masterKey },
      body,
    });
    expect(malformed.status).toBe(401);
    expect(await malformed.text()).toContain('Malformed API Key passed in.');
  });

  it('is open without a master key', async () => {
    const open = createApp({ config: configWith({}), db: database });
    const response = await open.request('/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o', messages }),
    });
    expect(response.status).toBe(200);
    const [row] = await spendRows();
    expect(row).toMatchObject({ api_key: '', user: '' });
  });

  it('logs model resolution at debug without keys or Authorization headers', async () => {
    const lines: Array<{ level: string; fields: object; message: string | undefined }> = [];
    const logger: ProxyLogger = {
      debug: (fields, message) => lines.push({ level: 'debug', fields, message }),
      info: (fields, message) => lines.push({ level: 'info', fields, message }),
      warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
      error: (fields, message) => lines.push({ level: 'error', fields, message }),
      isLevelEnabled: () => true,
    };
    const logged = createApp({ config: configWith(), db: database, logger });
    await logged.request(post('/v1/chat/completions', { model: 'gpt-4o', messages }));
    await logged.request(
      post(
        '/v1/chat/completions',
        { model: 'gpt-4o', messages },
        { authorization: 'Bearer sk-wrong-key-abcdefgh' },
      ),
    );
    const resolved = lines.find(line => line.message === 'model resolved');
    expect(resolved?.fields).toMatchObject({
      modelGroup: 'gpt-4o',
      provider: 'openai',
      model: 'gpt-4o',
    });
    expect(resolved?.fields).toHaveProperty('deploymentId');
    expect(
      lines.filter(line => line.message === 'request handled').map(line => line.fields),
    ).toMatchObject([
      { status: 200, path: '/v1/chat/completions' },
      { status: 401, path: '/v1/chat/completions' },
    ]);
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(masterKey);
    expect(everything).not.toContain('sk-wrong-key-abcdefgh');
    expect(everything.toLowerCase()).not.toContain('authorization');
  });
});

describe('spend rows under concurrency', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'llmux-concurrency-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes one row for each of many concurrent requests once close() returns', async () => {
    const url = `sqlite:${join(directory, 'spend.sqlite')}`;
    const database = await openDatabase({
      url,
      spendWriter: { flushIntervalMs: 60_000, maxQueueSize: 7 },
    });
    const app = createApp({ config: configWith(), db: database });
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_unused, index) =>
        app.request(
          post(
            '/v1/chat/completions',
            { model: 'gpt-4o', messages, stream: index % 3 === 0 },
            { 'x-litellm-call-id': `c${index}` },
          ),
        ),
      ),
    );
    expect(responses.every(response => response.status === 200)).toBe(true);
    await Promise.all(responses.map(response => response.text()));
    await database.close();

    const reopened = await openDatabase({ url });
    const rows = await findSpendLogs(reopened.db);
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map(row => row.call_id)).size).toBe(60);
    expect(rows.every(row => row.status === 'success' && row.spend_pico > 0n)).toBe(true);
    await reopened.close();
  });
});
