import {
  APIConnectionError,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type ChatStreamPartV1,
  chatCompletionChunkSchema,
  chatCompletionSchema,
  type ModelSettingsV1,
  ServiceUnavailableError,
} from '@llmux/core';
import {
  convertReadableStreamToArray,
  createMockProviderServer,
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  type MockProviderServer,
  splitSseEvents,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropic } from './anthropic-provider.js';

const messagesRoute = 'POST /v1/messages';

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

interface HttpFixture {
  request?: { body?: Record<string, unknown> };
  status: number;
  headers: Record<string, string>;
  body: unknown;
  body_raw?: string;
}

function httpFixture(name: string): HttpFixture {
  return loadJsonFixture(fixture(name)) as HttpFixture;
}

const request: ChatCompletionRequest = {
  model: 'claude-sonnet-4-20250514',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Hello!' },
  ],
};

let server: MockProviderServer;

beforeEach(async () => {
  server = await createMockProviderServer();
});

afterEach(async () => {
  await server.close();
});

function createModel(settings: ModelSettingsV1 = {}, modelId = 'claude-sonnet-4-20250514') {
  return createAnthropic().chatModel(modelId, {
    apiKey: 'sk-ant-test',
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

function reasoningOf(parts: ChatStreamPartV1[]): string {
  return chunksOf(parts)
    .map(chunk => chunk.choices[0]?.delta.reasoning_content ?? '')
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

function finishReasonsOf(parts: ChatStreamPartV1[]): Array<string | null | undefined> {
  return chunksOf(parts).flatMap(chunk =>
    chunk.choices.flatMap(choice => (choice.finish_reason ? [choice.finish_reason] : [])),
  );
}

function expectValidChunks(parts: ChatStreamPartV1[]): void {
  for (const chunk of chunksOf(parts)) {
    expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    expect(chunk.object).toBe('chat.completion.chunk');
  }
}

describe('doGenerate', () => {
  it('lifts the system prompt, sends the headers and returns the recorded text', async () => {
    const recorded = httpFixture('text.http.json');
    server.respond(messagesRoute, { type: 'json', ...recorded });

    const before = Math.floor(Date.now() / 1000);
    const result = await createModel().doGenerate(request, {});

    const call = server.calls[0];
    expect(call?.path).toBe('/v1/messages');
    expect(call?.requestBodyJson).toMatchInlineSnapshot(`
      {
        "max_tokens": 64000,
        "messages": [
          {
            "content": "Hello!",
            "role": "user",
          },
        ],
        "model": "claude-sonnet-4-20250514",
        "stream": false,
        "system": "You are a helpful assistant.",
      }
    `);
    expect(call?.headers).toMatchObject({
      'x-api-key': 'sk-ant-test',
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
    expect(call?.headers.authorization).toBeUndefined();
    expect(chatCompletionSchema.safeParse(result.response).success).toBe(true);
    expect(result.response).toMatchObject({
      id: 'msg_01QgNtCXZKCJgpWHW3NEwmdP',
      object: 'chat.completion',
      model: 'claude-3-5-sonnet-20240620',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content:
              "Hello! How can I assist you today? Is there anything specific you'd like to know or discuss?",
          },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 16,
        completion_tokens: 24,
        total_tokens: 40,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    });
    expect(result.response.created).toBeGreaterThanOrEqual(before);
    expect(result.usage).toEqual({
      promptTokens: 16,
      completionTokens: 24,
      totalTokens: 40,
      cachedReadTokens: 0,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.rawResponse.headers['request-id']).toBe('req_011CSLsW7mFqvHHnzrKdKjAE');
    expect(result.rawResponse.url).toBe(`${server.url}/v1/messages`);
    expect(result.warnings).toEqual([]);
  });

  it('counts cache writes and reads into prompt_tokens (recorded prompt caching)', async () => {
    const recorded = httpFixture('prompt-cache.http.json');
    server.respond(messagesRoute, { type: 'json', ...recorded });

    const result = await createModel().doGenerate(request, {});

    expect(result.usage).toEqual({
      promptTokens: 3 + 418 + 1111,
      completionTokens: 33,
      totalTokens: 3 + 418 + 1111 + 33,
      cachedReadTokens: 1111,
      cacheWriteTokens: 418,
      cacheWrite1hTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.response.usage).toEqual({
      prompt_tokens: 1532,
      completion_tokens: 33,
      total_tokens: 1565,
      prompt_tokens_details: { cached_tokens: 1111 },
      cache_creation_input_tokens: 418,
      cache_read_input_tokens: 1111,
    });
    expect(chatCompletionSchema.safeParse(result.response).success).toBe(true);
  });

  it('plays the recorded tool round trip: tool_use out, tool_result back in a user turn', async () => {
    const [first, second] = loadJsonFixture(
      fixture('tool-call-roundtrip.http.json'),
    ) as HttpFixture[];
    if (!first || !second) throw new Error('fixture has two exchanges');
    server.respond(messagesRoute, { type: 'json', ...first });
    server.respond(messagesRoute, { type: 'json', ...second });
    const userMessage = {
      role: 'user' as const,
      content: 'Use the test_tool with value "test", then provide a final response',
    };
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'test_tool',
          description: 'A test tool',
          parameters: {
            type: 'object',
            properties: { value: { type: 'string' } },
            required: ['value'],
          },
        },
      },
    ];
    const model = createModel({}, 'claude-opus-4-8');

    const firstResult = await model.doGenerate(
      { model: 'claude-opus-4-8', messages: [userMessage], tools, max_tokens: 1000 },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      max_tokens: 1000,
      messages: first.request?.body?.messages,
      tools: [
        {
          name: 'test_tool',
          description: 'A test tool',
          input_schema: tools[0]?.function.parameters,
        },
      ],
    });
    const message = firstResult.response.choices[0]?.message;
    expect(chatCompletionSchema.safeParse(firstResult.response).success).toBe(true);
    expect(firstResult.response.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.content).toBe(
      'I\'ll use the test_tool with the value "test" as requested, then provide a final response.',
    );
    expect(message?.tool_calls).toEqual([
      {
        id: 'toolu_011LF2VkWpAfJnTKJcmh1PNf',
        type: 'function',
        function: { name: 'test_tool', arguments: '{"value":"test"}' },
      },
    ]);

    const secondResult = await model.doGenerate(
      {
        model: 'claude-opus-4-8',
        messages: [
          userMessage,
          {
            role: 'assistant',
            content: message?.content ?? null,
            tool_calls: message?.tool_calls ?? [],
          },
          { role: 'tool', tool_call_id: 'toolu_011LF2VkWpAfJnTKJcmh1PNf', content: 'Tool result' },
        ],
        tools,
        max_tokens: 1000,
      },
      {},
    );

    expect(server.calls[1]?.requestBodyJson).toMatchObject({
      messages: second.request?.body?.messages,
    });
    expect(
      (server.calls[1]?.requestBodyJson as { messages: unknown[] } | undefined)?.messages,
    ).toHaveLength(3);
    expect(secondResult.response.choices[0]?.finish_reason).toBe('stop');
    expect(secondResult.response.choices[0]?.message.content).toMatch(
      /^I have successfully executed the test_tool/,
    );
  });

  it('returns thinking as reasoning_content, with the signed blocks', async () => {
    // Shape from https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
    server.respond(messagesRoute, {
      type: 'json',
      body: {
        id: 'msg_thinking',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-20250514',
        content: [
          { type: 'thinking', thinking: 'Let me add.', signature: 'sig-1' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'text', text: '4' },
        ],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 50 },
      },
    });

    const result = await createModel().doGenerate({ ...request, reasoning_effort: 'low' }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(chatCompletionSchema.safeParse(result.response).success).toBe(true);
    expect(result.response.choices[0]?.message).toEqual({
      role: 'assistant',
      content: '4',
      reasoning_content: 'Let me add.',
      thinking_blocks: [
        { type: 'thinking', thinking: 'Let me add.', signature: 'sig-1' },
        { type: 'redacted_thinking', data: 'opaque' },
      ],
    });
  });

  it('answers a json_schema response_format through a forced tool', async () => {
    server.respond(messagesRoute, {
      type: 'json',
      body: {
        id: 'msg_json',
        model: 'claude-sonnet-4-20250514',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'json_tool_call', input: { a: 1 } }],
        stop_reason: 'tool_use',
        usage: { input_tokens: 5, output_tokens: 7 },
      },
    });
    const schema = { type: 'object', properties: { a: { type: 'number' } } };

    const result = await createModel().doGenerate(
      {
        ...request,
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema } },
      },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      tools: [{ name: 'json_tool_call', input_schema: schema }],
      tool_choice: { type: 'tool', name: 'json_tool_call' },
    });
    expect(result.response.choices[0]).toMatchObject({
      message: { role: 'assistant', content: '{"a":1}' },
      finish_reason: 'stop',
    });
    expect(result.response.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it.each([
    ['max_tokens', 'length'],
    ['stop_sequence', 'stop'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'stop'],
    ['model_context_window_exceeded', 'length'],
  ])('maps stop_reason %s to finish_reason %s', async (stopReason, finishReason) => {
    server.respond(messagesRoute, {
      type: 'json',
      body: {
        id: 'msg_1',
        model: 'claude-sonnet-4-20250514',
        content: [{ type: 'text', text: 'x' }],
        stop_reason: stopReason,
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    });

    const result = await createModel().doGenerate(request, {});

    expect(result.response.choices[0]?.finish_reason).toBe(finishReason);
  });

  it.each([
    ['without /v1', ''],
    ['with /v1', '/v1'],
    ['with /v1/', '/v1/'],
  ])('accepts an api_base %s', async (_, suffix) => {
    server.respond(messagesRoute, { type: 'json', ...httpFixture('text.http.json') });

    await createModel({ apiBase: `${server.url}${suffix}` }).doGenerate(request, {});

    expect(server.calls[0]?.path).toBe('/v1/messages');
  });

  it('rejects a 200 that is not a message', async () => {
    server.respond(messagesRoute, { type: 'raw', status: 200, headers: {}, body: '<html>' });

    const error = await createModel()
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ llmProvider: 'anthropic', isRetryable: true });
    expect((error as Error).message).toBe(
      'Invalid response from anthropic/claude-sonnet-4-20250514: not JSON',
    );
  });

  it('maps a reset connection to APIConnectionError', async () => {
    server.respond(messagesRoute, { type: 'reset' });

    const error = await createModel()
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(APIConnectionError.isInstance(error)).toBe(true);
  });

  it('cancels the upstream request when the caller aborts a hung call', async () => {
    server.respond(messagesRoute, { type: 'hang' });
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
  it('streams the recorded text as OpenAI chunks, then usage', async () => {
    server.respond(messagesRoute, {
      type: 'sse',
      events: loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false }),
    });

    const { stream, rawResponse } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ stream: true, max_tokens: 64000 });
    expect(rawResponse.headers['content-type']).toBe('text/event-stream');
    expectValidChunks(parts);
    const chunks = chunksOf(parts);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(new Set(chunks.map(chunk => chunk.id))).toEqual(
      new Set(['msg_01QC4g3HwBThD4BaNtBckFDJ']),
    );
    expect(new Set(chunks.map(chunk => chunk.model))).toEqual(
      new Set(['claude-sonnet-4-5-20250929']),
    );
    expect(textOf(parts)).toBe(
      "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    );
    expect(finishReasonsOf(parts)).toEqual(['stop']);
    expect(parts.slice(-2)).toMatchObject([
      {
        type: 'chunk',
        chunk: {
          choices: [],
          usage: { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 },
        },
      },
      {
        type: 'usage',
        usage: {
          promptTokens: 12,
          completionTokens: 30,
          totalTokens: 42,
          cachedReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
    ]);
  });

  it('streams a tool call: id, type and name first, then argument fragments (.sse)', async () => {
    server.respond(messagesRoute, {
      type: 'sse',
      events: loadSseFixture(fixture('stream-tool-call.sse')),
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expectValidChunks(parts);
    const deltas = chunksOf(parts).flatMap(chunk => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({
      index: 0,
      id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    for (const delta of deltas.slice(1)) {
      expect(Object.keys(delta).sort()).toEqual(['function', 'index']);
      expect(Object.keys(delta.function ?? {})).toEqual(['arguments']);
      expect(delta.function?.arguments).not.toBe('');
    }
    const calls = toolCallsOf(parts);
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]?.arguments ?? '')).toEqual({ location: 'Paris' });
    expect(textOf(parts)).toBe("I'll check the current weather in Paris for you.");
    expect(finishReasonsOf(parts)).toEqual(['tool_calls']);
    expect(parts.at(-1)).toMatchObject({
      type: 'usage',
      usage: { promptTokens: 377, completionTokens: 65 },
    });
  });

  it('counts tool indexes over tool_use blocks only (.chunks.txt, pings between)', async () => {
    server.respond(messagesRoute, {
      type: 'sse',
      events: loadChunksFixture(fixture('stream-tool-call.chunks.txt'), { done: false }),
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expectValidChunks(parts);
    const calls = toolCallsOf(parts);
    expect(calls.map(call => [call.id, call.name])).toEqual([
      ['toolu_01KFbKqPYSuAKujiL6mTfzYA', 'json'],
    ]);
    expect(JSON.parse(calls[0]?.arguments ?? '')).toEqual({
      elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }],
    });
    expect(parts.at(-1)).toMatchObject({
      type: 'usage',
      usage: { promptTokens: 849, completionTokens: 47 },
    });
  });

  it('streams two tool_use blocks as indexes 0 and 1', async () => {
    const event = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
    const toolBlock = (index: number, id: string, name: string, json: string) => [
      event({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id, name, input: {} },
      }),
      event({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: json },
      }),
      event({ type: 'content_block_stop', index }),
    ];
    server.respond(messagesRoute, {
      type: 'sse',
      events: [
        event({
          type: 'message_start',
          message: { id: 'msg_p', model: 'claude-sonnet-4-20250514', usage: { input_tokens: 9 } },
        }),
        ...toolBlock(0, 'toolu_a', 'get_weather', '{"city":"Paris"}'),
        ...toolBlock(1, 'toolu_b', 'get_time', '{"zone":"CET"}'),
        event({
          type: 'message_delta',
          delta: { stop_reason: 'tool_use' },
          usage: { output_tokens: 20 },
        }),
        event({ type: 'message_stop' }),
      ],
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(toolCallsOf(parts)).toEqual([
      { id: 'toolu_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'toolu_b', name: 'get_time', arguments: '{"zone":"CET"}' },
    ]);
    expect(finishReasonsOf(parts)).toEqual(['tool_calls']);
  });

  it('streams the JSON of a forced response_format tool as content', async () => {
    const events = loadSseFixture(fixture('stream-tool-call.sse')).map(frame =>
      frame.replace('"name":"get_weather"', '"name":"json_tool_call"'),
    );
    server.respond(messagesRoute, { type: 'sse', events });

    const { stream } = await createModel().doStream(
      { ...request, response_format: { type: 'json_object' } },
      {},
    );
    const parts = await convertReadableStreamToArray(stream);

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      tool_choice: { type: 'tool', name: 'json_tool_call' },
    });
    expect(toolCallsOf(parts)).toEqual([]);
    expect(textOf(parts)).toBe(
      'I\'ll check the current weather in Paris for you.{"location": "Paris"}',
    );
    expect(finishReasonsOf(parts)).toEqual(['stop']);
  });

  it('streams extended thinking as reasoning_content (recorded, padded JSON)', async () => {
    const recorded = httpFixture('stream-thinking.http.json');
    server.respond(messagesRoute, {
      type: 'sse',
      headers: { 'content-type': recorded.headers['content-type'] ?? 'text/event-stream' },
      events: splitSseEvents(recorded.body_raw ?? ''),
    });

    const { stream } = await createModel().doStream(
      { ...request, thinking: { type: 'enabled', budget_tokens: 1024 } },
      {},
    );
    const parts = await convertReadableStreamToArray(stream);

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expectValidChunks(parts);
    expect(parts.some(part => part.type === 'error')).toBe(false);
    expect(reasoningOf(parts)).toMatch(
      /^This is a straightforward question about pedestrian safety\./,
    );
    expect(textOf(parts)).toMatch(/^Here are the basic steps for safely crossing the street:/);
    expect(textOf(parts)).toMatch(/when crossing streets\.$/);
    const signatures = chunksOf(parts).flatMap(
      chunk =>
        (chunk.choices[0]?.delta as { thinking_blocks?: Array<{ signature?: string }> } | undefined)
          ?.thinking_blocks ?? [],
    );
    expect(signatures).toHaveLength(1);
    expect(signatures[0]?.signature).toMatch(/^EvMCCkYICxgCKkCHP2cS/);
    expect(parts.at(-1)).toMatchObject({
      type: 'usage',
      usage: { promptTokens: 43, completionTokens: 282 },
    });
  });

  it('turns an error event after HTTP 200 into a retryable ServiceUnavailableError part', async () => {
    const catalogue = loadJsonFixture(fixture('errors.reconstructed.json')) as {
      entries: Array<{ sse?: string }>;
    };
    const errorEvent = catalogue.entries.find(entry => entry.sse !== undefined)?.sse ?? '';
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false });
    server.respond(messagesRoute, {
      type: 'sse',
      events: [...events.slice(0, 4), errorEvent, ...events.slice(4)],
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'error']);
    const error = parts[2]?.type === 'error' ? parts[2].error : undefined;
    expect(ServiceUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 529,
      llmProvider: 'anthropic',
      model: 'claude-sonnet-4-20250514',
      providerCode: 'overloaded_error',
      isRetryable: true,
      message: 'Overloaded',
    });
  });

  it.each([
    ['not JSON', 'data: {"type":\n\n'],
    ['not an event', 'data: {"type":"content_block_delta"}\n\n'],
  ])('turns a payload that is %s into an error part', async (_, frame) => {
    server.respond(messagesRoute, { type: 'sse', events: [frame] });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts).toMatchObject([{ type: 'error', error: { llmProvider: 'anthropic' } }]);
    expect(parts[0]?.type === 'error' && parts[0].error.message).toMatch(/^Invalid stream data/);
  });

  it('skips event types it does not know', async () => {
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false });
    server.respond(messagesRoute, {
      type: 'sse',
      events: ['event: vertex_event\ndata: {"type":"vertex_event"}\n\n', ...events],
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.some(part => part.type === 'error')).toBe(false);
    expect(textOf(parts)).toMatch(/^Hello!/);
  });

  it('turns a connection reset mid-stream into an APIConnectionError part', async () => {
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false });
    server.respond(messagesRoute, {
      type: 'sse',
      events: events.slice(0, 4),
      delayMs: 20,
      end: 'reset',
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.at(-1)?.type).toBe('error');
    const error = parts.at(-1)?.type === 'error' ? (parts.at(-1) as { error: unknown }).error : 0;
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ llmProvider: 'anthropic', isRetryable: true });
  });

  it('treats a body that ends before message_delta as a broken connection', async () => {
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false });
    server.respond(messagesRoute, { type: 'sse', events: events.slice(0, 5), end: 'close' });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const last = parts.at(-1);
    expect(last?.type === 'error' && last.error.message).toMatch(
      /ended before the response was complete/,
    );
  });

  it('accepts a finished stream that omits message_stop', async () => {
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false });
    server.respond(messagesRoute, { type: 'sse', events: events.slice(0, -1), end: 'close' });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.some(part => part.type === 'error')).toBe(false);
    expect(parts.at(-1)?.type).toBe('usage');
  });

  it('cancels the upstream body when the caller aborts mid-stream', async () => {
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false });
    server.respond(messagesRoute, { type: 'sse', events: events.slice(0, 4), end: 'hang' });
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
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false });
    server.respond(messagesRoute, { type: 'sse', events: events.slice(0, 4), end: 'hang' });

    const { stream } = await createModel().doStream(request, {});
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();

    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });
});
