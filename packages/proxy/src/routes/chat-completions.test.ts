import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseProxyConfig } from '../config/parse-proxy-config.js';
import { createApp } from '../create-app.js';
import { type LlmuxDatabase, openDatabase } from '../db/open-database.js';
import { findSpendLogs } from '../db/repositories/spend-log.repository.js';
import { serve } from '../serve.js';

const masterKey = 'sk-master-key-0123456789';
const messages = [{ role: 'user' as const, content: 'Count to ten' }];
const upstreamRoute = 'POST /v1/chat/completions';

function chunkEvent(fields: Record<string, unknown>): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-upstream-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-4o-2024-08-06',
    ...fields,
  })}\n\n`;
}

function contentEvent(content: string): string {
  return chunkEvent({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });
}

const usage = { prompt_tokens: 1_000, completion_tokens: 500, total_tokens: 1_500 };

/** An upstream chat completion answering `content`, with `usage`. */
function upstreamCompletion(content: string): object {
  return {
    id: 'chatcmpl-upstream-0',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage,
  };
}

function sseEvents(text: string): string[] {
  return text
    .split('\n\n')
    .filter(event => event.startsWith('data: '))
    .map(event => event.slice('data: '.length));
}

describe('chat completions against an upstream server', () => {
  let upstream: MockProviderServer;
  let database: LlmuxDatabase;
  let app: ReturnType<typeof createApp>;
  let logged: Array<{ level: string; message: string; fields: object }>;

  async function spendRows() {
    await database.spend.flush();
    return findSpendLogs(database.db);
  }

  function post(body: unknown): Request {
    return new Request('http://proxy.test/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${masterKey}` },
      body: JSON.stringify(body),
    });
  }

  beforeEach(async () => {
    upstream = await createMockProviderServer();
    database = await openDatabase({ url: ':memory:', spendWriter: { flushIntervalMs: 60_000 } });
    const { config } = parseProxyConfig(
      {
        model_list: [
          {
            model_name: 'upstream-gpt',
            litellm_params: {
              model: 'openai/gpt-4o',
              api_base: `${upstream.url}/v1`,
              api_key: 'sk-upstream-secret',
            },
          },
          {
            model_name: 'flaky',
            litellm_params: {
              model: 'openai/x',
              api_base: `${upstream.url}/v1`,
              api_key: 'sk-upstream-secret',
            },
          },
        ],
        general_settings: { master_key: masterKey },
      },
      {},
    );
    logged = [];
    const record =
      (level: string) =>
      (fields: object, message?: string): void => {
        logged.push({ level, message: message ?? '', fields });
      };
    app = createApp({
      config,
      db: database,
      logger: {
        debug: record('debug'),
        info: record('info'),
        warn: record('warn'),
        error: record('error'),
      },
    });
  });
  afterEach(async () => {
    await database.close();
    await upstream.close();
  });

  it('answers an upstream 500 in the OpenAI envelope and writes one failure row costing 0', async () => {
    upstream.respond(upstreamRoute, {
      type: 'json',
      status: 500,
      body: {
        error: {
          message: 'The server had an error',
          type: 'server_error',
          param: null,
          code: null,
        },
      },
    });
    const response = await app.request(post({ model: 'flaky', messages }));
    expect(response.status).toBe(500);
    expect(response.headers.get('x-litellm-response-cost')).toBe('0');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('500');
    expect(body.error.message).toContain('The server had an error');
    expect(JSON.stringify(body)).not.toContain('sk-upstream-secret');

    const rows = await spendRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'failure',
      spend_pico: 0n,
      error_status: 500n,
      model_group: 'flaky',
      custom_llm_provider: 'openai',
      model: 'x',
      api_base: `${upstream.url}/v1`,
    });
    expect(rows[0]?.model_id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(rows[0]?.metadata ?? '{}').error_information.error_code).toBe('500');
  });

  it('answers a stream that fails before its first byte with a JSON error, not SSE', async () => {
    upstream.respond(upstreamRoute, {
      type: 'json',
      status: 429,
      headers: { 'retry-after': '0' },
      body: {
        error: { message: 'Rate limit reached', type: 'rate_limit_error', param: null, code: null },
      },
    });
    const response = await app.request(post({ model: 'flaky', messages, stream: true }));
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('429');
    const rows = await spendRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'failure', error_status: 429n, spend_pico: 0n });
  });

  it('keeps the usage-only chunk from a client that did not ask for it, and still costs the stream', async () => {
    upstream.respond(upstreamRoute, {
      type: 'sse',
      events: [
        contentEvent('one'),
        chunkEvent({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
        chunkEvent({ choices: [], usage }),
        'data: [DONE]\n\n',
      ],
    });
    const streamed = await app.request(post({ model: 'upstream-gpt', messages, stream: true }));
    const events = sseEvents(await streamed.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map(event => JSON.parse(event));
    expect(chunks.every(chunk => chunk.choices.length > 0)).toBe(true);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');

    await vi.waitFor(async () => expect(await spendRows()).toHaveLength(1));
    const [row] = await spendRows();
    expect(row?.prompt_tokens).toBe(1_000n);
    expect(row?.completion_tokens).toBe(500n);
  });

  it('costs a stream from its final usage chunk, the same as the same usage unstreamed', async () => {
    // Queued in call order: the unstreamed call takes the JSON, the streamed one the SSE.
    upstream.respond(upstreamRoute, { type: 'json', body: upstreamCompletion('one two') });
    upstream.respond(upstreamRoute, {
      type: 'sse',
      events: [
        contentEvent('one '),
        contentEvent('two'),
        chunkEvent({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
        chunkEvent({ choices: [], usage }),
        'data: [DONE]\n\n',
      ],
    });
    const unstreamed = await app.request(post({ model: 'upstream-gpt', messages }));
    expect(unstreamed.status).toBe(200);
    const streamed = await app.request(
      post({
        model: 'upstream-gpt',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const events = sseEvents(await streamed.text());
    expect(events.at(-1)).toBe('[DONE]');
    expect(JSON.parse(events.at(-2) ?? '{}').usage).toEqual(usage);

    await vi.waitFor(async () => expect(await spendRows()).toHaveLength(2));
    const rows = await spendRows();
    const plain = rows.find(row => !JSON.parse(row.metadata).stream);
    const stream = rows.find(row => JSON.parse(row.metadata).stream);
    expect(plain?.prompt_tokens).toBe(1_000n);
    expect(stream?.prompt_tokens).toBe(1_000n);
    expect(stream?.completion_tokens).toBe(500n);
    expect(plain?.spend_pico).toBeGreaterThan(0n);
    expect(stream?.spend_pico).toBe(plain?.spend_pico);
    expect(JSON.parse(stream?.metadata ?? '{}').usage_estimated).toBe(false);
    expect(Number(unstreamed.headers.get('x-litellm-response-cost'))).toBeGreaterThan(0);
  });

  it('stamps a non-streamed row with the time its call ended, not the later time it is built', async () => {
    upstream.respond(upstreamRoute, { type: 'json', body: upstreamCompletion('one') });
    // Hold the row's build, as a long flush ahead of it on the event loop would.
    const held: Array<() => unknown> = [];
    vi.spyOn(database.spend, 'recordLater').mockImplementation(build => {
      held.push(build);
    });
    const response = await app.request(post({ model: 'upstream-gpt', messages }));
    expect(response.status).toBe(200);
    const answeredAt = new Date().toISOString();
    await new Promise(resolve => setTimeout(resolve, 30));

    expect(held).toHaveLength(1);
    const row = held[0]?.() as { end_time: string; start_time: string };
    expect(row.end_time <= answeredAt).toBe(true);
    expect(row.end_time >= row.start_time).toBe(true);
  });

  it('forwards the upstream data text as sent, with only the model restamped', async () => {
    const raw =
      '{"id":"chatcmpl-raw","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"hi"},"logprobs":null,"finish_reason":null}],"x_score":1.50}';
    upstream.respond(upstreamRoute, {
      type: 'sse',
      events: [`data: ${raw}\n\n`, 'data: [DONE]\n\n'],
    });
    const response = await app.request(post({ model: 'upstream-gpt', messages, stream: true }));
    const events = sseEvents(await response.text());
    expect(events[0]).toBe(raw.replace('"model":"gpt-4o-2024-08-06"', '"model":"upstream-gpt"'));
  });

  it('ends a stream that fails midway with one error event and no [DONE], and writes one failure row', async () => {
    upstream.respond(upstreamRoute, {
      type: 'sse',
      events: [
        contentEvent('partial '),
        contentEvent('answer'),
        `data: ${JSON.stringify({ error: { message: 'The model is overloaded', type: 'server_error', code: null } })}\n\n`,
      ],
    });
    const response = await app.request(post({ model: 'upstream-gpt', messages, stream: true }));
    expect(response.status).toBe(200);
    const events = sseEvents(await response.text());
    expect(events).not.toContain('[DONE]');
    const last = JSON.parse(events.at(-1) ?? '{}') as { error?: { message: string; code: string } };
    expect(last.error?.message).toContain('The model is overloaded');
    expect(Object.keys(last.error ?? {}).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(events.filter(event => event.includes('"error"'))).toHaveLength(1);

    await vi.waitFor(async () => expect(await spendRows()).toHaveLength(1));
    const [row] = await spendRows();
    expect(row?.status).toBe('failure');
    expect(row?.completion_tokens).toBeGreaterThan(0n);
  });

  it('cancels the upstream when the client disconnects mid-stream and writes exactly one row', async () => {
    upstream.respond(upstreamRoute, {
      type: 'sse',
      events: Array.from({ length: 50 }, (_unused, index) => contentEvent(`word${index} `)),
      delayMs: 100,
      end: 'hang',
    });
    // The aborted client's socket lingers for seconds; close() cuts it after the grace period.
    const server = await serve({ app, port: 0, hostname: '127.0.0.1', closeGraceMs: 200 });
    try {
      const controller = new AbortController();
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${masterKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'upstream-gpt', messages, stream: true }),
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      let received = '';
      while (!received.includes('word1 ')) {
        const { value } = await reader.read();
        received += new TextDecoder().decode(value);
      }
      controller.abort();
      await reader.cancel().catch(() => undefined);

      const call = upstream.calls[0]!;
      await call.clientClose;
      expect(call.clientClosed).toBe(true);

      await vi.waitFor(async () => expect(await spendRows()).toHaveLength(1), { timeout: 5_000 });
      await new Promise(resolve => setTimeout(resolve, 300));
      const rows = await spendRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: 'failure',
        error_type: 'client_disconnected',
        error_status: 499n,
      });
      expect(rows[0]?.completion_tokens).toBeGreaterThan(0n);
      expect(rows[0]?.spend_pico).toBeGreaterThan(0n);
      expect(upstream.calls.length).toBeLessThan(50);
    } finally {
      await server.close();
    }
  });

  it('logs a client that leaves before a non-streamed answer at debug, not as an error, and writes its row', async () => {
    upstream.respond(upstreamRoute, { type: 'hang' });
    const server = await serve({ app, port: 0, hostname: '127.0.0.1', closeGraceMs: 200 });
    try {
      const controller = new AbortController();
      const answered = fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${masterKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'upstream-gpt', messages }),
        signal: controller.signal,
      });
      await vi.waitFor(() => expect(upstream.calls).toHaveLength(1));
      controller.abort();
      await expect(answered).rejects.toThrow();
      await upstream.calls[0]!.clientClose;

      await vi.waitFor(async () => expect(await spendRows()).toHaveLength(1), { timeout: 5_000 });
      expect((await spendRows())[0]).toMatchObject({
        status: 'failure',
        error_type: 'client_disconnected',
        error_status: 499n,
      });
      await vi.waitFor(() =>
        expect(logged.map(entry => entry.message)).toContain(
          'client closed the connection before the response',
        ),
      );
      expect(logged.filter(entry => entry.level === 'error')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
