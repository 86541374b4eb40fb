import {
  BadRequestError,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type ChatStreamPartV1,
  chatCompletionChunkSchema,
  chatCompletionSchema,
  type ModelSettingsV1,
} from '@llmux/core';
import {
  convertReadableStreamToArray,
  createMockProviderServer,
  loadChunksFixture,
  loadJsonFixture,
  type MockProviderServer,
  splitSseEvents,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroq } from './groq-provider.js';

const chatRoute = 'POST /openai/v1/chat/completions';

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  body_raw?: string;
}

const request: ChatCompletionRequest = {
  model: 'llama-3.3-70b-versatile',
  messages: [
    { role: 'system', content: 'Be concise.' },
    { role: 'user', content: 'Hello' },
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
  return createGroq().chatModel('llama-3.3-70b-versatile', {
    apiKey: 'gsk-test',
    apiBase: `${server.url}/openai/v1`,
    ...settings,
  });
}

function chunksOf(parts: ChatStreamPartV1[]): ChatCompletionChunk[] {
  return parts.flatMap(part => (part.type === 'chunk' ? [part.chunk] : []));
}

describe('doGenerate', () => {
  it('returns the recorded completion with Groq extras and usage', async () => {
    const recorded = loadJsonFixture(fixture('chat-text.http.json')) as HttpFixture;
    server.respond(chatRoute, {
      type: 'json',
      status: recorded.status,
      headers: recorded.headers,
      body: recorded.body,
    });

    const result = await createModel().doGenerate(
      {
        ...request,
        stop: ['\n\n'],
        temperature: 0.2,
        top_p: 0.9,
        max_completion_tokens: 64,
        seed: 42,
        user: 'user-1',
        response_format: { type: 'json_object' },
        stream_options: { include_usage: true },
      },
      {},
    );

    const call = server.calls[0];
    expect(call?.path).toBe('/openai/v1/chat/completions');
    expect(call?.headers.authorization).toBe('Bearer gsk-test');
    expect(call?.requestBodyJson).toEqual({
      ...request,
      stop: ['\n\n'],
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 64,
      seed: 42,
      user: 'user-1',
      response_format: { type: 'json_object' },
      stream: false,
    });
    expect(chatCompletionSchema.safeParse(result.response).success).toBe(true);
    expect(result.response).toEqual(recorded.body);
    expect(result.usage).toEqual({
      promptTokens: 30,
      completionTokens: 10,
      totalTokens: 40,
      cachedReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.rawResponse.headers['x-groq-region']).toBe('fra');
  });

  it('returns a tool call whose message has no content as content: null', async () => {
    server.respond(chatRoute, { type: 'json', body: loadJsonFixture(fixture('tool-call.json')) });

    const result = await createModel().doGenerate(
      {
        ...request,
        tools: [
          { type: 'function', function: { name: 'weather', parameters: { type: 'object' } } },
        ],
        tool_choice: { type: 'function', function: { name: 'weather' } },
        parallel_tool_calls: false,
      },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: false,
    });
    const choice = result.response.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toEqual([
      { id: 'ax9fskhev', type: 'function', function: { name: 'weather', arguments: '{}' } },
    ]);
    expect(result.usage.totalTokens).toBe(233);
  });

  it('sends images and multi-turn tool results through unchanged', async () => {
    server.respond(chatRoute, { type: 'json', body: loadJsonFixture(fixture('tool-call.json')) });
    const messages: ChatCompletionRequest['messages'] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'ax9fskhev', type: 'function', function: { name: 'weather', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'ax9fskhev', content: '{"temp":21}' },
    ];

    await createModel().doGenerate({ ...request, messages }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ messages });
  });

  it('moves message.reasoning to reasoning_content', async () => {
    const recorded = loadJsonFixture(fixture('chat-text.http.json')) as HttpFixture;
    const body = recorded.body as { choices: Array<{ message: Record<string, unknown> }> };
    const withReasoning = structuredClone(body);
    if (withReasoning.choices[0]) withReasoning.choices[0].message.reasoning = 'The user greets.';
    server.respond(chatRoute, { type: 'json', body: withReasoning });

    const result = await createModel().doGenerate({ ...request, reasoning_format: 'parsed' }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ reasoning_format: 'parsed' });
    expect(result.response.choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'Hello! How can I help you today?',
      reasoning_content: 'The user greets.',
    });
  });
});

describe('unsupported parameters', () => {
  it.each([
    ['logprobs', { logprobs: true }],
    ['logit_bias', { logit_bias: { '1': 5 } }],
    ['top_logprobs', { top_logprobs: 2 }],
    ['n', { n: 2 }],
    ['messages[].name', { messages: [{ role: 'user' as const, content: 'Hi', name: 'ann' }] }],
  ])('rejects %s with a BadRequestError naming it, or drops it', async (param, extra) => {
    server.respond(chatRoute, { type: 'json', body: loadJsonFixture(fixture('tool-call.json')) });
    const model = createModel();

    const error = await model
      .doGenerate({ ...request, ...extra }, {})
      .catch((caught: unknown) => caught);
    await model.doGenerate({ ...request, ...extra }, { dropParams: true });

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, param, llmProvider: 'groq', isRetryable: false });
    expect(server.calls).toHaveLength(1);
    const sent = server.calls[0]?.requestBodyJson as Record<string, unknown>;
    expect(JSON.stringify(sent)).not.toMatch(/"(logprobs|logit_bias|top_logprobs|n|name)"/);
  });

  it('accepts n=1 and logprobs=false', async () => {
    server.respond(chatRoute, { type: 'json', body: loadJsonFixture(fixture('tool-call.json')) });

    await createModel().doGenerate({ ...request, n: 1, logprobs: false }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ n: 1, logprobs: false });
  });
});

describe('doStream', () => {
  it('streams the recorded text without asking for stream_options', async () => {
    const events = loadChunksFixture(fixture('stream-text.chunks.txt'));
    server.respond(chatRoute, { type: 'sse', events });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(server.calls[0]?.requestBodyJson).toEqual({ ...request, stream: true });
    const chunks = chunksOf(parts);
    for (const chunk of chunks)
      expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    const text = chunks.map(chunk => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text.startsWith('Introducing "Luminaria"')).toBe(true);
    // Every chunk is forwarded as Groq wrote it.
    expect(parts.filter(part => part.type === 'chunk').every(part => part.rawData)).toBe(true);
    expect(parts.at(-1)).toEqual({
      type: 'usage',
      usage: {
        promptTokens: 45,
        completionTokens: 662,
        totalTokens: 707,
        cachedReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
      },
    });
  });

  it('streams a whole tool call in one delta as OpenAI chunks', async () => {
    server.respond(chatRoute, {
      type: 'sse',
      events: loadChunksFixture(fixture('stream-tool-call.chunks.txt')),
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const deltas = chunksOf(parts).flatMap(chunk => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas).toEqual([
      {
        id: 'tk85n1k4m',
        type: 'function',
        function: { name: 'weather', arguments: '{}' },
        index: 0,
      },
    ]);
    expect(chunksOf(parts).at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(parts.at(-1)).toMatchObject({
      type: 'usage',
      usage: { promptTokens: 210, totalTokens: 225 },
    });
  });

  it('reads usage from x_groq.usage when the chunk has no top-level usage', async () => {
    const lines = loadChunksFixture(fixture('stream-tool-call.chunks.txt'), { done: false });
    const last = JSON.parse((lines.at(-1) ?? '').slice('data: '.length)) as Record<string, unknown>;
    delete last.usage;
    server.respond(chatRoute, {
      type: 'sse',
      events: [...lines.slice(0, -1), `data: ${JSON.stringify(last)}\n\n`, 'data: [DONE]\n\n'],
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const final = parts.at(-2);
    expect(final?.type === 'chunk' && final.chunk.usage).toMatchObject({ prompt_tokens: 210 });
    expect(final?.type === 'chunk' && final.rawData).toBeUndefined();
    expect(parts.at(-1)).toMatchObject({ type: 'usage', usage: { completionTokens: 15 } });
  });

  it('turns the recorded `event: error` (tool_use_failed, status_code 400) into an error part', async () => {
    const recorded = loadJsonFixture(fixture('stream-error-event.http.json')) as HttpFixture;
    server.respond(chatRoute, {
      type: 'sse',
      headers: recorded.headers,
      events: splitSseEvents(recorded.body_raw ?? ''),
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const reasoning = chunksOf(parts)
      .map(
        chunk =>
          (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)
            ?.reasoning_content ?? '',
      )
      .join('');
    expect(reasoning.length).toBeGreaterThan(0);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    const error = last?.type === 'error' ? last.error : undefined;
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      llmProvider: 'groq',
      providerCode: 'tool_use_failed',
      isRetryable: false,
    });
    expect(
      (error?.body as { error?: { failed_generation?: string } } | undefined)?.error
        ?.failed_generation,
    ).toMatch(/get_something_by_name/);
  });

  it('maps a mid-stream server error by its status_code', async () => {
    const [first, second] = loadChunksFixture(fixture('stream-text.chunks.txt'));
    server.respond(chatRoute, {
      type: 'sse',
      events: [
        first ?? '',
        second ?? '',
        'event: error\ndata: {"error":{"message":"Service Unavailable","type":"internal_server_error","status_code":503}}\n\n',
      ],
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'error']);
    expect(parts[2]).toMatchObject({
      type: 'error',
      error: { name: 'ServiceUnavailableError', status: 503, isRetryable: true },
    });
  });
});
