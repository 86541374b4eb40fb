import {
  APIConnectionError,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type ChatStreamPartV1,
  InternalServerError,
  type ModelSettingsV1,
} from '@llmux/core';
import {
  convertReadableStreamToArray,
  createMockProviderServer,
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

const chatRoute = 'POST /v1/chat/completions';

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const request: ChatCompletionRequest = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'What day is today?' },
  ],
};

let server: MockProviderServer;

beforeEach(async () => {
  server = await createMockProviderServer();
});

afterEach(async () => {
  await server.close();
});

function createModel(settings: ModelSettingsV1 = {}) {
  return createOpenAI().chatModel('gpt-4o', {
    apiKey: 'sk-test',
    apiBase: `${server.url}/v1`,
    ...settings,
  });
}

function textOf(parts: ChatStreamPartV1[]): string {
  return parts
    .map(part => (part.type === 'chunk' ? (part.chunk.choices[0]?.delta.content ?? '') : ''))
    .join('');
}

function chunksOf(parts: ChatStreamPartV1[]): ChatCompletionChunk[] {
  return parts.flatMap(part => (part.type === 'chunk' ? [part.chunk] : []));
}

/** Tool calls put back together from their deltas, by index. */
function toolCallsOf(parts: ChatStreamPartV1[]) {
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for (const chunk of chunksOf(parts)) {
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      const call = calls[delta.index] ?? { id: '', name: '', arguments: '' };
      calls[delta.index] = call;
      call.id += delta.id ?? '';
      call.name += delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  return calls;
}

describe('doGenerate', () => {
  it('posts the request as given and returns the recorded completion', async () => {
    const recorded = loadJsonFixture(fixture('chat-text.http.json')) as HttpFixture;
    server.respond(chatRoute, { type: 'json', ...recorded });

    const result = await createModel({ organization: 'org-123' }).doGenerate(
      {
        ...request,
        stream_options: { include_usage: true },
        web_search_options: { search_context_size: 'low' },
      },
      {},
    );

    const call = server.calls[0];
    expect(call?.path).toBe('/v1/chat/completions');
    expect(call?.requestBodyJson).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "You are a helpful assistant.",
            "role": "system",
          },
          {
            "content": "What day is today?",
            "role": "user",
          },
        ],
        "model": "gpt-4o",
        "stream": false,
        "web_search_options": {
          "search_context_size": "low",
        },
      }
    `);
    expect(call?.headers).toMatchObject({
      authorization: 'Bearer sk-test',
      'content-type': 'application/json',
      'openai-organization': 'org-123',
    });
    expect(result.response).toEqual(recorded.body);
    expect(result.response.choices[0]?.message.content).toBe('Hello! How can I help you today?');
    expect(result.usage).toEqual({
      promptTokens: 20,
      completionTokens: 18,
      totalTokens: 38,
      cachedReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.rawResponse.status).toBe(200);
    expect(result.rawResponse.url).toBe(`${server.url}/v1/chat/completions`);
    expect(result.rawResponse.headers['x-request-id']).toBe('req_ca8197062dd44e208e21ceef70b46fce');
    expect(result.warnings).toEqual([]);
  });

  it('returns a completion cut short by max_tokens', async () => {
    const recorded = loadJsonFixture(fixture('chat-finish-length.json'));
    server.respond(chatRoute, { type: 'json', body: recorded });

    const result = await createModel().doGenerate({ ...request, max_tokens: 1 }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ max_tokens: 1, stream: false });
    expect(result.response).toEqual(recorded);
    expect(result.response.choices[0]?.finish_reason).toBe('length');
    expect(result.usage.completionTokens).toBe(1);
  });

  it('returns parallel tool calls', async () => {
    const recorded = loadJsonFixture(fixture('tool-call.parallel.json'));
    server.respond(chatRoute, { type: 'json', body: recorded });

    const result = await createModel().doGenerate(request, {});

    const message = result.response.choices[0]?.message;
    expect(result.response.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.content).toBeNull();
    expect(message?.tool_calls?.map(call => [call.id, call.function.name])).toEqual([
      ['call_fdNz3vOBKYgOIpMdWotB9MjY', 'GetWeatherArgs'],
      ['call_h1DWI1POMJLb0KwIyQHWXD4p', 'get_stock_price'],
    ]);
    expect(result.usage.totalTokens).toBe(209);
  });

  it('calls a custom api_base under its own path', async () => {
    server.respond('POST /serving/openai/v1/chat/completions', {
      type: 'json',
      body: loadJsonFixture(fixture('chat-finish-length.json')),
    });

    await createModel({ apiBase: `${server.url}/serving/openai/v1/` }).doGenerate(request, {});

    expect(server.calls[0]?.path).toBe('/serving/openai/v1/chat/completions');
  });

  it('rejects a 200 that is not a chat completion', async () => {
    server.respond(chatRoute, { type: 'raw', status: 200, headers: {}, body: '<html>oops</html>' });

    const error = await createModel()
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ llmProvider: 'openai', model: 'gpt-4o', isRetryable: true });
    expect((error as Error).message).toBe('Invalid response from openai/gpt-4o: not JSON');
  });

  it('maps a reset connection to APIConnectionError', async () => {
    server.respond(chatRoute, { type: 'reset' });

    const error = await createModel()
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ llmProvider: 'openai', isRetryable: true });
  });

  it('cancels the upstream request when the caller aborts a hung call', async () => {
    server.respond(chatRoute, { type: 'hang' });
    const controller = new AbortController();

    const pending = createModel().doGenerate(request, { abortSignal: controller.signal });
    await expect.poll(() => server.calls.length).toBe(1);
    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });
});

describe('doStream', () => {
  it('asks for usage and reassembles the recorded text (.sse)', async () => {
    const events = loadSseFixture(fixture('stream-text.sse'));
    server.respond(chatRoute, { type: 'sse', events });

    const { stream, rawResponse } = await createModel().doStream(
      { ...request, stream_options: { include_usage: false, include_obfuscation: false } },
      {},
    );
    const parts = await convertReadableStreamToArray(stream);

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      stream: true,
      stream_options: { include_usage: true, include_obfuscation: false },
    });
    expect(rawResponse.status).toBe(200);
    expect(rawResponse.headers['content-type']).toBe('text/event-stream');
    expect(textOf(parts)).toBe(
      "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I recommend checking a reliable weather website or a weather app.",
    );
    // One chunk part per data event (all but [DONE]), each carrying its exact text.
    const dataEvents = events.filter(event => event !== 'data: [DONE]\n\n');
    const chunkParts = parts.filter(part => part.type === 'chunk');
    expect(chunkParts.map(part => `data: ${part.rawData}\n\n`)).toEqual(dataEvents);
    expect(parts.slice(-2).map(part => part.type)).toEqual(['chunk', 'usage']);
    expect(parts.at(-1)).toEqual({
      type: 'usage',
      usage: {
        promptTokens: 14,
        completionTokens: 30,
        totalTokens: 44,
        cachedReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
      },
    });
  });

  it('reassembles the recorded text (.chunks.txt, with obfuscation and service_tier)', async () => {
    const fixturePath = fixture('stream-text.include-usage.chunks.txt');
    server.respond(chatRoute, { type: 'sse', events: loadChunksFixture(fixturePath) });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const text = textOf(parts);
    expect(text).toHaveLength(1724);
    expect(text.startsWith('**Holiday Name:** Harmony Day\n\n**Date:**')).toBe(true);
    expect(text.endsWith('connected through shared human experiences and mutual respect.')).toBe(
      true,
    );
    expect(chunksOf(parts)[0]).toMatchObject({ obfuscation: 'Qup1BsQ3', service_tier: 'default' });
    expect(parts.filter(part => part.type === 'usage')).toEqual([
      {
        type: 'usage',
        usage: {
          promptTokens: 16,
          completionTokens: 300,
          totalTokens: 316,
          cachedReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
    ]);
  });

  it('streams a tool call: id and name first, then argument fragments', async () => {
    server.respond(chatRoute, {
      type: 'sse',
      events: loadSseFixture(fixture('stream-tool-call.sse')),
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const deltas = chunksOf(parts).flatMap(chunk => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({
      index: 0,
      id: 'call_4XzlGBLtUe9dy3GVNV4jhq7h',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    for (const delta of deltas.slice(1)) {
      expect(Object.keys(delta).sort()).toEqual(['function', 'index']);
      expect(Object.keys(delta.function ?? {})).toEqual(['arguments']);
    }
    const calls = toolCallsOf(parts);
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]?.arguments ?? '')).toEqual({ city: 'New York City' });
    const finishReasons = chunksOf(parts).map(chunk => chunk.choices[0]?.finish_reason);
    expect(finishReasons).toContain('tool_calls');
    expect(parts.at(-1)).toMatchObject({
      type: 'usage',
      usage: { promptTokens: 44, completionTokens: 16 },
    });
  });

  it('streams parallel tool calls by index', async () => {
    server.respond(chatRoute, {
      type: 'sse',
      events: loadSseFixture(fixture('stream-tool-call.parallel.sse')),
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const calls = toolCallsOf(parts);
    expect(calls.map(call => [call.id, call.name])).toEqual([
      ['call_JMW1whyEaYG438VE1OIflxA2', 'GetWeatherArgs'],
      ['call_DNYTawLBoN8fj3KN6qU9N1Ou', 'get_stock_price'],
    ]);
    expect(calls.map(call => JSON.parse(call.arguments))).toEqual([
      { city: 'Edinburgh', country: 'GB', units: 'c' },
      { ticker: 'AAPL', exchange: 'NASDAQ' },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'usage', usage: { totalTokens: 209 } });
  });

  it('accepts a first chunk without id or choices (Azure)', async () => {
    const azureFirst = '{"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}';
    server.respond(chatRoute, {
      type: 'sse',
      events: [`data: ${azureFirst}\n\n`, ...loadSseFixture(fixture('stream-text.sse'))],
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts[0]).toMatchObject({ type: 'chunk', rawData: azureFirst, chunk: { choices: [] } });
    expect(parts.some(part => part.type === 'error')).toBe(false);
    expect(textOf(parts)).toMatch(/^I'm unable to provide real-time weather updates\./);
  });

  it('turns an error payload after HTTP 200 into an error part', async () => {
    const catalogue = loadJsonFixture(fixture('errors.reconstructed.json')) as {
      entries: Array<{ sse?: string }>;
    };
    const errorEvent = catalogue.entries.find(entry => entry.sse !== undefined)?.sse ?? '';
    const [first, second] = loadSseFixture(fixture('stream-text.sse'));
    server.respond(chatRoute, { type: 'sse', events: [first ?? '', second ?? '', errorEvent] });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'error']);
    const error = parts[2]?.type === 'error' ? parts[2].error : undefined;
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 500,
      llmProvider: 'openai',
      model: 'gpt-4o',
      type: 'server_error',
      isRetryable: true,
      message: 'The server had an error while processing your request. Sorry about that!',
    });
  });

  it('turns an `event: error` frame into an error part', async () => {
    server.respond(chatRoute, {
      type: 'sse',
      events: [
        'event: error\ndata: {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}\n\n',
      ],
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({
      type: 'error',
      error: {
        name: 'RateLimitError',
        status: 429,
        isRetryable: true,
        message: 'Rate limit reached',
      },
    });
  });

  it.each([
    ['not JSON', 'data: {"id":\n\n'],
    ['not an object', 'data: "text"\n\n'],
    ['not a chunk', 'data: {"choices":"none"}\n\n'],
  ])('turns a payload that is %s into an error part', async (_, event) => {
    server.respond(chatRoute, { type: 'sse', events: [event, 'data: [DONE]\n\n'] });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts).toMatchObject([
      { type: 'error', error: { llmProvider: 'openai', model: 'gpt-4o' } },
    ]);
    expect(parts[0]?.type === 'error' && parts[0].error.message).toMatch(/^Invalid stream data/);
  });

  it('turns a connection reset mid-stream into an APIConnectionError part', async () => {
    const events = loadSseFixture(fixture('stream-text.sse')).slice(0, 3);
    // Spaced out as on a real network: a reset discards what the client has not read yet.
    server.respond(chatRoute, { type: 'sse', events, delayMs: 20, end: 'reset' });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'chunk', 'error']);
    const error = parts[3]?.type === 'error' ? parts[3].error : undefined;
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ llmProvider: 'openai', model: 'gpt-4o', isRetryable: true });
  });

  it('treats a body that ends before a finish_reason or [DONE] as a broken connection', async () => {
    const events = loadSseFixture(fixture('stream-text.sse')).slice(0, 3);
    server.respond(chatRoute, { type: 'sse', events, end: 'close' });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'chunk', 'error']);
    const error = parts[3]?.type === 'error' ? parts[3].error : undefined;
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(error?.message).toMatch(/ended before the response was complete/);
  });

  it('accepts a finished stream that omits [DONE]', async () => {
    const events = loadSseFixture(fixture('stream-text.sse')).filter(
      event => !event.includes('[DONE]'),
    );
    server.respond(chatRoute, { type: 'sse', events, end: 'close' });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.some(part => part.type === 'error')).toBe(false);
    expect(parts.at(-1)?.type).toBe('usage');
  });

  it('cancels the upstream request when the caller aborts before the first byte', async () => {
    server.respond(chatRoute, { type: 'hang' });
    const controller = new AbortController();

    const pending = createModel().doStream(request, { abortSignal: controller.signal });
    await expect.poll(() => server.calls.length).toBe(1);
    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });

  it('cancels the upstream body when the caller aborts mid-stream', async () => {
    const events = loadSseFixture(fixture('stream-text.sse')).slice(0, 2);
    server.respond(chatRoute, { type: 'sse', events, end: 'hang' });
    const controller = new AbortController();

    const { stream } = await createModel().doStream(request, { abortSignal: controller.signal });
    const reader = stream.getReader();
    expect((await reader.read()).value?.type).toBe('chunk');
    controller.abort();

    await expect(
      (async () => {
        while (!(await reader.read()).done) {}
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });

  it('cancels the upstream body when the reader cancels the stream', async () => {
    const events = loadSseFixture(fixture('stream-text.sse')).slice(0, 2);
    server.respond(chatRoute, { type: 'sse', events, end: 'hang' });

    const { stream } = await createModel().doStream(request, {});
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();

    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });
});
