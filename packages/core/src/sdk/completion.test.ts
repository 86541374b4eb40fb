import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APITimeoutError } from '../errors/api-timeout-error.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { InternalServerError } from '../errors/internal-server-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { createMockProviderServer, type MockProviderServer } from '../test/index.js';
import { completion } from './completion.js';

const messages = [{ role: 'user' as const, content: 'Hello' }];
const chatRoute = 'POST /v1/chat/completions';

function okBody(content: string, model = 'gpt-4o') {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

const serverError = {
  type: 'json' as const,
  status: 500,
  body: {
    error: { message: 'The server had an error', type: 'server_error', param: null, code: null },
  },
};

describe('completion() over HTTP', () => {
  let primary: MockProviderServer;
  let secondary: MockProviderServer;
  let tertiary: MockProviderServer;

  beforeEach(async () => {
    [primary, secondary, tertiary] = await Promise.all([
      createMockProviderServer(),
      createMockProviderServer(),
      createMockProviderServer(),
    ]);
  });

  afterEach(async () => {
    await Promise.all([primary.close(), secondary.close(), tertiary.close()]);
  });

  const base = (server: MockProviderServer) => `${server.url}/v1`;

  it('calls the provider and prices the usage exactly', async () => {
    primary.respond(chatRoute, { type: 'json', body: okBody('Hi there') });
    const response = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'sk-test',
      api_base: base(primary),
    });
    expect(response.choices[0]?.message.content).toBe('Hi there');
    expect(primary.calls[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(primary.calls[0]?.requestBodyJson).toEqual({ model: 'gpt-4o', messages, stream: false });
    // 10 × 2,500,000 + 5 × 10,000,000 pUSD
    expect(response._hidden_params.response_cost_pico).toBe(75_000_000n);
    expect(response._hidden_params.response_cost).toBe(0.000075);
  });

  it('retries a 500 and then succeeds', async () => {
    primary.respond(chatRoute, serverError);
    primary.respond(chatRoute, { type: 'json', body: okBody('second time') });
    const response = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'sk-test',
      api_base: base(primary),
      num_retries: 2,
    });
    expect(response.choices[0]?.message.content).toBe('second time');
    expect(primary.calls).toHaveLength(2);
    expect(response._hidden_params.attempted_retries).toBe(1);
  });

  it('falls back in order after retries are spent', async () => {
    primary.respond(chatRoute, serverError);
    secondary.respond(chatRoute, {
      type: 'json',
      status: 429,
      headers: { 'retry-after': '0' },
      body: {
        error: { message: 'slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' },
      },
    });
    tertiary.respond(chatRoute, { type: 'json', body: okBody('from the third', 'gpt-4o-mini') });
    const order: string[] = [];
    const response = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'sk-one',
      api_base: base(primary),
      num_retries: 1,
      fallbacks: [
        { model: 'openai/gpt-4.1', api_key: 'sk-two', api_base: base(secondary) },
        { model: 'openai/gpt-4o-mini', api_key: 'sk-three', api_base: base(tertiary) },
      ],
      fetch: (input, init) => {
        order.push(String(input));
        return fetch(input, init);
      },
    });
    expect(response.choices[0]?.message.content).toBe('from the third');
    expect(primary.calls).toHaveLength(2);
    expect(secondary.calls).toHaveLength(2);
    expect(tertiary.calls).toHaveLength(1);
    expect(order.map(url => new URL(url).port)).toEqual([
      new URL(primary.url).port,
      new URL(primary.url).port,
      new URL(secondary.url).port,
      new URL(secondary.url).port,
      new URL(tertiary.url).port,
    ]);
    expect(secondary.calls[0]?.headers.authorization).toBe('Bearer sk-two');
    expect(tertiary.calls[0]?.requestBodyJson).toMatchObject({ model: 'gpt-4o-mini' });
    expect(response._hidden_params.attempted_fallbacks).toBe(2);
    expect(response._hidden_params.model).toBe('gpt-4o-mini');
  });

  it('throws the last error when every model fails', async () => {
    primary.respond(chatRoute, serverError);
    secondary.respond(chatRoute, {
      type: 'json',
      status: 429,
      body: { error: { message: 'limited', type: 'requests', param: null, code: null } },
    });
    const error = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'sk-one',
      api_base: base(primary),
      fallbacks: [{ model: 'openai/gpt-4o', api_key: 'sk-two', api_base: base(secondary) }],
    }).catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(primary.calls).toHaveLength(1);
  });

  it('does not retry a 401', async () => {
    primary.respond(chatRoute, {
      type: 'json',
      status: 401,
      body: {
        error: {
          message: 'Incorrect API key provided',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      },
    });
    const error = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'sk-bad',
      api_base: base(primary),
      num_retries: 3,
    }).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).llmProvider).toBe('openai');
    expect(primary.calls).toHaveLength(1);
  });

  it('fires APITimeoutError on a server that hangs, and closes the request', async () => {
    primary.respond(chatRoute, { type: 'hang' });
    const started = Date.now();
    const error = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'sk-test',
      api_base: base(primary),
      timeout: 0.3,
    }).catch((caught: unknown) => caught);
    expect(APITimeoutError.isInstance(error)).toBe(true);
    expect((error as APITimeoutError).status).toBe(408);
    expect(Date.now() - started).toBeLessThan(5000);
    await primary.calls[0]?.clientClose;
    expect(primary.calls[0]?.clientClosed).toBe(true);
  });

  it('retries a timeout when asked to', async () => {
    primary.respond(chatRoute, { type: 'hang' });
    primary.respond(chatRoute, { type: 'json', body: okBody('after a timeout') });
    const response = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'sk-test',
      api_base: base(primary),
      timeout: 0.3,
      num_retries: 1,
    });
    expect(response.choices[0]?.message.content).toBe('after a timeout');
  });

  it("cancels the upstream request when the caller's signal aborts", async () => {
    primary.respond(chatRoute, { type: 'hang' });
    const controller = new AbortController();
    const pending = completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'sk-test',
      api_base: base(primary),
      num_retries: 3,
      signal: controller.signal,
    });
    while (primary.calls.length === 0) await new Promise(resolve => setTimeout(resolve, 10));
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AbortError');
    await primary.calls[0]?.clientClose;
    expect(primary.calls[0]?.clientClosed).toBe(true);
    expect(primary.calls).toHaveLength(1);
  });

  it('cancels a stream mid-way when the caller aborts', async () => {
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    primary.respond(chatRoute, {
      type: 'sse',
      events: [chunk('a'), chunk('b'), chunk('c')],
      delayMs: 50,
      end: 'hang',
    });
    const controller = new AbortController();
    const stream = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'sk-test',
      api_base: base(primary),
      stream: true,
      signal: controller.signal,
    });
    let text = '';
    const error = await (async () => {
      for await (const part of stream) {
        text += part.choices[0]?.delta.content ?? '';
        if (text === 'a') controller.abort();
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeDefined();
    await primary.calls[0]?.clientClose;
    expect(primary.calls[0]?.clientClosed).toBe(true);
    const hidden = await stream.done;
    expect(hidden.usage_estimated).toBe(true);
  });

  it('cancel() stops a stream that is being read and closes the upstream request', async () => {
    const chunk = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'first' }, finish_reason: null }] })}\n\n`;
    primary.respond(chatRoute, { type: 'sse', events: [chunk], end: 'hang' });
    const stream = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'k',
      api_base: base(primary),
      stream: true,
    });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const part of stream) {
        seen.push(part.choices[0]?.delta.content ?? '');
        void stream.cancel();
      }
    })();
    await reading;
    expect(seen).toEqual(['first']);
    await primary.calls[0]?.clientClose;
    expect(primary.calls[0]?.clientClosed).toBe(true);
    const hidden = await stream.done;
    expect(hidden.usage.completionTokens).toBeGreaterThan(0);
  });

  it('surfaces a mid-stream failure as the error class', async () => {
    primary.respond(chatRoute, {
      type: 'sse',
      events: [
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'partial' }, finish_reason: null }] })}\n\n`,
        `data: ${JSON.stringify({ error: { message: 'The server had an error', type: 'server_error', param: null, code: null } })}\n\n`,
      ],
    });
    const stream = await completion({
      model: 'openai/gpt-4o',
      messages,
      api_key: 'k',
      api_base: base(primary),
      stream: true,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const part of stream) received.push(part.choices[0]?.delta.content ?? '');
    })().catch((caught: unknown) => caught);
    expect(received).toEqual(['partial']);
    expect(InternalServerError.isInstance(error)).toBe(true);
  });
});
