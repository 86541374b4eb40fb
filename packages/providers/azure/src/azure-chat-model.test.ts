import {
  APIConnectionError,
  BadRequestError,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type ChatStreamPartV1,
  ContentPolicyViolationError,
  chatCompletionChunkSchema,
  chatCompletionSchema,
  type ModelSettingsV1,
  RateLimitError,
} from '@llmux/core';
import {
  convertReadableStreamToArray,
  createMockProviderServer,
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAzure } from './azure-provider.js';

const chatPath = '/openai/deployments/gpt-4o/chat/completions';
const chatRoute = `POST ${chatPath}`;

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

interface HttpFixture {
  request: { url: string; body: Record<string, unknown> };
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const request: ChatCompletionRequest = {
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'What is the capital of France?' }],
};

let server: MockProviderServer;

beforeEach(async () => {
  for (const name of [
    'AZURE_API_KEY',
    'AZURE_OPENAI_API_KEY',
    'AZURE_AD_TOKEN',
    'AZURE_API_BASE',
    'AZURE_OPENAI_ENDPOINT',
    'AZURE_API_VERSION',
  ]) {
    vi.stubEnv(name, '');
  }
  server = await createMockProviderServer();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

function createModel(settings: ModelSettingsV1 = {}, deployment = 'gpt-4o') {
  return createAzure().chatModel(deployment, {
    apiKey: 'azure-key',
    apiBase: server.url,
    ...settings,
  });
}

function chunksOf(parts: ChatStreamPartV1[]): ChatCompletionChunk[] {
  return parts.flatMap(part => (part.type === 'chunk' ? [part.chunk] : []));
}

function textOf(parts: ChatStreamPartV1[]): string {
  return chunksOf(parts)
    .map(chunk => chunk.choices[0]?.delta.content ?? '')
    .join('');
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
  it('calls the deployment URL with api-key and returns the recorded completion, filter results kept', async () => {
    const recorded = loadJsonFixture(fixture('chat-text.http.json')) as HttpFixture;
    server.respond(chatRoute, {
      type: 'json',
      status: recorded.status,
      headers: recorded.headers,
      body: recorded.body,
    });

    const result = await createModel({ apiVersion: '2024-12-01-preview' }).doGenerate(
      { ...request, n: 1 },
      {},
    );

    const call = server.calls[0];
    expect(`${call?.path}${call?.search}`).toBe(
      new URL(recorded.request.url).pathname + new URL(recorded.request.url).search,
    );
    expect(call?.requestBodyJson).toEqual(recorded.request.body);
    expect(call?.headers).toMatchObject({
      'api-key': 'azure-key',
      'content-type': 'application/json',
    });
    expect(call?.headers.authorization).toBeUndefined();
    expect(result.response).toEqual(recorded.body);
    expect(chatCompletionSchema.parse(result.response)).toEqual(recorded.body);
    expect(result.response.prompt_filter_results).toEqual(recorded.body.prompt_filter_results);
    expect(result.response.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'The capital of France is **Paris**.' },
      content_filter_results: { violence: { filtered: false, severity: 'safe' } },
    });
    expect(result.usage).toEqual({
      promptTokens: 14,
      completionTokens: 9,
      totalTokens: 23,
      cachedReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.rawResponse.headers['apim-request-id']).toBe(
      '1d93fae1-cb8e-4789-8fb6-d26577a3cb77',
    );
    expect(result.warnings).toEqual([]);
  });

  it('sends api-version=2024-10-21 when none is configured', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: loadJsonFixture(fixture('chat-finish-length.json')),
    });

    await createModel().doGenerate(request, {});

    expect(server.calls[0]?.search).toBe('?api-version=2024-10-21');
  });

  it('sends the OpenAI request as given: system, turns, sampling, tools, images, response_format', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: loadJsonFixture(fixture('chat-finish-length.json')),
    });
    const fullRequest: ChatCompletionRequest = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You answer in one word.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these images?' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      stop: ['\n\n'],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      user: 'user-42',
      seed: 7,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', strict: true, schema: { type: 'object' } },
      },
    };

    await createModel().doGenerate(fullRequest, {});

    expect(server.calls[0]?.requestBodyJson).toEqual({ ...fullRequest, stream: false });
  });

  it.each([['auto'], ['none'], ['required']] as const)(
    'passes tool_choice %s on the default api version',
    async toolChoice => {
      server.respond(chatRoute, {
        type: 'json',
        body: loadJsonFixture(fixture('tool-call.parallel.json')),
      });

      await createModel().doGenerate({ ...request, tool_choice: toolChoice }, {});

      expect(server.calls[0]?.requestBodyJson).toMatchObject({ tool_choice: toolChoice });
    },
  );

  it('passes JSON mode through', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: loadJsonFixture(fixture('chat-finish-length.json')),
    });

    await createModel().doGenerate({ ...request, response_format: { type: 'json_object' } }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      response_format: { type: 'json_object' },
    });
  });

  it('returns parallel tool calls', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: loadJsonFixture(fixture('tool-call.parallel.json')),
    });

    const result = await createModel().doGenerate(request, {});

    expect(result.response.choices[0]?.finish_reason).toBe('tool_calls');
    expect(result.response.choices[0]?.message.tool_calls?.map(call => call.function.name)).toEqual(
      ['GetWeatherArgs', 'get_stock_price'],
    );
    expect(result.usage.totalTokens).toBe(209);
  });

  it('returns a completion cut short by max_tokens', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: loadJsonFixture(fixture('chat-finish-length.json')),
    });

    const result = await createModel().doGenerate({ ...request, max_tokens: 1 }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ max_tokens: 1 });
    expect(result.response.choices[0]?.finish_reason).toBe('length');
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

  it('throws ContentPolicyViolationError for a completion the content filter emptied', async () => {
    const filtered = loadJsonFixture(fixture('chat-completion-filtered.doc.json'));
    server.respond(chatRoute, {
      type: 'json',
      headers: { 'apim-request-id': 'req-filtered' },
      body: filtered,
    });

    const error = await createModel()
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(ContentPolicyViolationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      llmProvider: 'azure',
      model: 'gpt-4o',
      isRetryable: false,
      providerCode: 'content_filter',
      message:
        "Azure OpenAI's content filter blocked the completion (finish_reason: content_filter). Filtered: violence (medium).",
      body: filtered,
    });
    expect((error as ContentPolicyViolationError).headers['apim-request-id']).toBe('req-filtered');
  });

  it('returns a completion with content even when a choice was filtered', async () => {
    const filtered = loadJsonFixture(fixture('chat-completion-filtered.doc.json')) as {
      choices: unknown[];
    };
    const body = {
      ...filtered,
      choices: [
        ...filtered.choices,
        { index: 1, finish_reason: 'stop', message: { role: 'assistant', content: 'Fine.' } },
      ],
    };
    server.respond(chatRoute, { type: 'json', body });

    const result = await createModel().doGenerate({ ...request, n: 2 }, {});

    expect(result.response.choices.map(choice => choice.finish_reason)).toEqual([
      'content_filter',
      'stop',
    ]);
  });

  it('renames max_tokens for reasoning deployments, o_series/ prefix included', async () => {
    server.respond('POST /openai/deployments/o3-mini/chat/completions', {
      type: 'json',
      body: loadJsonFixture(fixture('chat-finish-length.json')),
    });
    server.respond('POST /openai/deployments/my-reasoner/chat/completions', {
      type: 'json',
      body: loadJsonFixture(fixture('chat-finish-length.json')),
    });

    await createModel({}, 'o3-mini').doGenerate(
      { ...request, model: 'o3-mini', max_tokens: 100 },
      {},
    );
    await createModel({}, 'o_series/my-reasoner').doGenerate(
      { ...request, model: 'o_series/my-reasoner', max_tokens: 100 },
      {},
    );

    expect(server.calls.map(call => call.requestBodyJson)).toEqual([
      { model: 'o3-mini', messages: request.messages, max_completion_tokens: 100, stream: false },
      {
        model: 'my-reasoner',
        messages: request.messages,
        max_completion_tokens: 100,
        stream: false,
      },
    ]);
  });

  describe('parameters the api version does not accept', () => {
    it.each([
      ['2024-05-01-preview', { tool_choice: 'required' }, 'tool_choice'],
      ['2023-07-01-preview', { tool_choice: 'auto' }, 'tool_choice'],
      [
        '2024-06-01',
        { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } },
        'response_format',
      ],
    ] as const)('api_version %s rejects %o', async (apiVersion, parameters, param) => {
      const error = await createModel({ apiVersion })
        .doGenerate({ ...request, ...parameters }, {})
        .catch((caught: unknown) => caught);

      expect(BadRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 400, param, llmProvider: 'azure', isRetryable: false });
      expect((error as Error).message).toContain(`this call uses ${apiVersion}`);
      expect(server.calls).toHaveLength(0);
    });

    it('drops them with dropParams', async () => {
      server.respond(chatRoute, {
        type: 'json',
        body: loadJsonFixture(fixture('chat-finish-length.json')),
      });

      await createModel({ apiVersion: '2024-05-01-preview' }).doGenerate(
        { ...request, tool_choice: 'required', temperature: 0 },
        { dropParams: true },
      );

      expect(server.calls[0]?.requestBodyJson).toEqual({
        ...request,
        temperature: 0,
        stream: false,
      });
    });
  });

  describe('Entra ID auth', () => {
    function respondOk() {
      server.respond(chatRoute, {
        type: 'json',
        body: loadJsonFixture(fixture('chat-finish-length.json')),
      });
    }

    it('sends azure_ad_token from the request (LiteLLM call option) as a bearer token, not upstream', async () => {
      respondOk();

      await createModel({ apiKey: undefined }).doGenerate(
        { ...request, azure_ad_token: 'entra-token' },
        {},
      );

      expect(server.calls[0]?.headers.authorization).toBe('Bearer entra-token');
      expect(server.calls[0]?.headers['api-key']).toBeUndefined();
      expect(server.calls[0]?.requestBodyJson).toEqual({ ...request, stream: false });
    });

    it('prefers settings.extra.azure_ad_token over the key', async () => {
      respondOk();

      await createModel({ extra: { azure_ad_token: 'entra-token' } }).doGenerate(request, {});

      expect(server.calls[0]?.headers.authorization).toBe('Bearer entra-token');
      expect(server.calls[0]?.headers['api-key']).toBeUndefined();
    });

    it('reads AZURE_AD_TOKEN when no key is given, but an explicit key beats it', async () => {
      respondOk();
      vi.stubEnv('AZURE_AD_TOKEN', 'env-token');
      vi.stubEnv('AZURE_API_KEY', 'env-key');

      await createModel({ apiKey: undefined }).doGenerate(request, {});
      await createModel({ apiKey: 'explicit-key' }).doGenerate(request, {});

      expect(server.calls[0]?.headers.authorization).toBe('Bearer env-token');
      expect(server.calls[0]?.headers['api-key']).toBeUndefined();
      expect(server.calls[1]?.headers['api-key']).toBe('explicit-key');
      expect(server.calls[1]?.headers.authorization).toBeUndefined();
    });

    it('refuses LiteLLM Entra credential parameters instead of sending them upstream', async () => {
      const error = await createModel()
        .doGenerate({ ...request, tenant_id: 't', client_id: 'c', client_secret: 's' }, {})
        .catch((caught: unknown) => caught);

      expect(BadRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ param: 'tenant_id', llmProvider: 'azure' });
      expect((error as Error).message).toContain('azure_ad_token');
      expect(server.calls).toHaveLength(0);
    });
  });
});

describe('doStream', () => {
  it('streams the recorded Azure chunks: id-less first chunk kept, usage last', async () => {
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'));
    server.respond(chatRoute, { type: 'sse', events });

    const { stream, rawResponse } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(server.calls[0]?.requestBodyJson).toEqual({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(rawResponse.status).toBe(200);
    expect(rawResponse.url).toBe(`${server.url}${chatPath}?api-version=2024-10-21`);
    const chunkParts = parts.filter(part => part.type === 'chunk');
    // The prompt-filter chunk is normalised (so re-serialised); the others go on byte for byte.
    expect(chunkParts[0]?.rawData).toBeUndefined();
    expect(chunkParts.slice(1).map(part => `data: ${part.rawData}\n\n`)).toEqual(
      events.slice(1, -1),
    );
    for (const chunk of chunksOf(parts)) {
      expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
      expect(chunk.object).toBe('chat.completion.chunk');
    }
    expect(chunksOf(parts)[0]).toMatchObject({
      id: '',
      model: 'gpt-4o',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0 }],
    });
    expect(chunksOf(parts)[2]?.choices[0]).toMatchObject({
      content_filter_results: { hate: { filtered: false, severity: 'safe' } },
    });
    expect(textOf(parts)).toBe('Capital of Denmark.');
    expect(
      chunksOf(parts)
        .map(chunk => chunk.choices[0]?.finish_reason)
        .filter(Boolean),
    ).toEqual(['stop']);
    expect(parts.at(-1)).toEqual({
      type: 'usage',
      usage: {
        promptTokens: 15,
        completionTokens: 78,
        totalTokens: 93,
        cachedReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 64,
      },
    });
  });

  it('keeps finish_reason content_filter and the filter annotations of a blocked stream', async () => {
    server.respond(chatRoute, {
      type: 'sse',
      events: loadSseFixture(fixture('stream-content-filter-blocked.doc.sse')),
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.some(part => part.type === 'error')).toBe(false);
    for (const chunk of chunksOf(parts)) {
      expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    }
    expect(textOf(parts)).toBe('Hey Jude');
    const last = chunksOf(parts).at(-1);
    expect(last?.choices[0]).toMatchObject({
      finish_reason: 'content_filter',
      content_filter_results: { protected_material_text: { detected: true, filtered: true } },
      content_filter_offsets: { check_offset: 65, start_offset: 65, end_offset: 1056 },
    });
  });

  it('leaves stream_options out for api versions older than 2024-09-01-preview', async () => {
    server.respond(chatRoute, {
      type: 'sse',
      events: loadChunksFixture(fixture('stream-text.chunks.txt')),
    });

    const { stream } = await createModel({ apiVersion: '2024-02-15-preview' }).doStream(
      { ...request, stream_options: { include_usage: true } },
      {},
    );
    await convertReadableStreamToArray(stream);

    expect(server.calls[0]?.search).toBe('?api-version=2024-02-15-preview');
    expect(server.calls[0]?.requestBodyJson).toEqual({ ...request, stream: true });
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
    expect(
      deltas.slice(1).every(delta => delta.id === undefined && delta.function?.name === undefined),
    ).toBe(true);
    expect(JSON.parse(toolCallsOf(parts)[0]?.arguments ?? '')).toEqual({ city: 'New York City' });
  });

  it('streams parallel tool calls by index', async () => {
    server.respond(chatRoute, {
      type: 'sse',
      events: loadSseFixture(fixture('stream-tool-call.parallel.sse')),
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(toolCallsOf(parts).map(call => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['GetWeatherArgs', { city: 'Edinburgh', country: 'GB', units: 'c' }],
      ['get_stock_price', { ticker: 'AAPL', exchange: 'NASDAQ' }],
    ]);
  });

  it('ends with an error part when the connection breaks mid-stream', async () => {
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'));
    server.respond(chatRoute, {
      type: 'sse',
      events: events.slice(0, 3),
      end: 'reset',
      delayMs: 20,
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'chunk', 'error']);
    const error =
      parts.at(-1)?.type === 'error' ? (parts.at(-1) as { error: unknown }).error : undefined;
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ llmProvider: 'azure', isRetryable: true });
  });

  it('closes the upstream connection when the caller cancels the stream', async () => {
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'));
    server.respond(chatRoute, { type: 'sse', events: events.slice(0, 3), end: 'hang' });

    const { stream } = await createModel().doStream(request, {});
    const reader = stream.getReader();
    expect((await reader.read()).value).toMatchObject({ type: 'chunk', chunk: { choices: [] } });
    await reader.cancel();

    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });

  it('turns an Azure error payload after HTTP 200 into an error part', async () => {
    const catalogue = loadJsonFixture(fixture('errors.more.reconstructed.json')) as {
      entries: Array<{ sse?: string }>;
    };
    const errorEvent = catalogue.entries.find(entry => entry.sse !== undefined)?.sse ?? '';
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'));
    server.respond(chatRoute, { type: 'sse', events: [events[0] ?? '', errorEvent] });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'error']);
    const error = parts[1]?.type === 'error' ? parts[1].error : undefined;
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      isRetryable: true,
      llmProvider: 'azure',
      providerCode: '429',
    });
  });
});
