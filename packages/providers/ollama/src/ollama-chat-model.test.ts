import { readFileSync } from 'node:fs';
import {
  APIConnectionError,
  BadRequestError,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type ChatStreamPartV1,
  chatCompletionChunkSchema,
  chatCompletionSchema,
  InternalServerError,
  type ModelSettingsV1,
} from '@llmux/core';
import {
  convertReadableStreamToArray,
  createMockProviderServer,
  loadJsonFixture,
  type MockProviderServer,
  type MockResponse,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOllama } from './ollama-provider.js';

const chatRoute = 'POST /api/chat';

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

/** An NDJSON fixture as its lines, each with its line break. */
function ndjsonLines(name: string): string[] {
  return readFileSync(fixture(name), 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => `${line}\n`);
}

/** Writes each piece as its own network write (`delayMs` keeps them apart on the wire). */
function ndjson(
  pieces: string[],
  options: { delayMs?: number; end?: 'close' | 'reset' | 'hang' } = {},
): MockResponse {
  return {
    type: 'sse',
    headers: { 'content-type': 'application/x-ndjson' },
    events: pieces,
    ...options,
  };
}

interface DocFixture {
  request: { body: Record<string, unknown> & { messages: unknown[]; tools?: unknown[] } };
  status: number;
  body: unknown;
}

const request: ChatCompletionRequest = {
  model: 'gemma2',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Hello!' },
  ],
};

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Get the weather in a given city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'The city to get the weather for' },
      },
      required: ['city'],
    },
  },
};

let server: MockProviderServer;

beforeEach(async () => {
  server = await createMockProviderServer();
});

afterEach(async () => {
  await server.close();
});

function createModel(settings: ModelSettingsV1 = {}, modelId = 'gemma2') {
  return createOllama().chatModel(modelId, { apiBase: server.url, ...settings });
}

function chunksOf(parts: ChatStreamPartV1[]): ChatCompletionChunk[] {
  return parts.flatMap(part => (part.type === 'chunk' ? [part.chunk] : []));
}

function textOf(parts: ChatStreamPartV1[]): string {
  return chunksOf(parts)
    .map(chunk => chunk.choices[0]?.delta.content ?? '')
    .join('');
}

function expectValidChunks(parts: ChatStreamPartV1[]): void {
  const chunks = chunksOf(parts);
  for (const chunk of chunks) expect(chatCompletionChunkSchema.parse(chunk)).toEqual(chunk);
  expect(new Set(chunks.map(chunk => chunk.id)).size).toBe(1);
  expect(chunks[0]?.id).toMatch(/^chatcmpl-/);
  expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
  expect(chunks.slice(1).every(chunk => chunk.choices[0]?.delta.role === undefined)).toBe(true);
}

function errorOf(parts: ChatStreamPartV1[]) {
  const last = parts.at(-1);
  return last?.type === 'error' ? last.error : undefined;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
}

describe('doGenerate', () => {
  it('posts /api/chat with stream false and returns the recorded answer as an OpenAI completion', async () => {
    const recorded = loadJsonFixture(fixture('chat-text.http.json')) as DocFixture & {
      headers: Record<string, string>;
    };
    server.respond(chatRoute, { type: 'json', status: recorded.status, body: recorded.body });

    const result = await createModel().doGenerate(request, {});

    const call = server.calls[0];
    expect(call?.path).toBe('/api/chat');
    expect(call?.requestBodyJson).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "You are a helpful assistant.",
            "role": "system",
          },
          {
            "content": "Hello!",
            "role": "user",
          },
        ],
        "model": "gemma2",
        "stream": false,
      }
    `);
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.headers['content-type']).toBe('application/json');

    expect(chatCompletionSchema.parse(result.response)).toEqual(result.response);
    expect(result.response).toMatchObject({
      object: 'chat.completion',
      created: Math.floor(Date.parse('2025-08-21T12:41:21.294Z') / 1000),
      model: 'gemma2',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello! 👋  How can I help you today?' },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 26, completion_tokens: 12, total_tokens: 38 },
    });
    expect(result.response.id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
    expect(result.usage).toEqual({
      promptTokens: 26,
      completionTokens: 12,
      totalTokens: 38,
      cachedReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.rawResponse).toMatchObject({ status: 200, url: `${server.url}/api/chat` });
    expect(result.warnings).toEqual([]);
  });

  it('maps sampling parameters into options and ignores OpenAI bookkeeping fields', async () => {
    const recorded = loadJsonFixture(fixture('chat-text.http.json')) as DocFixture;
    server.respond(chatRoute, { type: 'json', body: recorded.body });

    await createModel().doGenerate(
      {
        ...request,
        temperature: 0.2,
        top_p: 0.9,
        seed: 42,
        stop: 'END',
        max_tokens: 100,
        max_completion_tokens: 64,
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
        user: 'user-123',
        metadata: { team: 'a' },
        store: true,
        stream_options: { include_usage: true },
        n: 1,
      },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      stream: false,
      options: {
        temperature: 0.2,
        top_p: 0.9,
        seed: 42,
        stop: ['END'],
        num_predict: 64,
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
      },
    });
    const body = server.calls[0]?.requestBodyJson as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['messages', 'model', 'options', 'stream']);
  });

  it('uses max_tokens when max_completion_tokens is absent, and stop lists as given', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: (loadJsonFixture(fixture('chat-text.http.json')) as DocFixture).body,
    });

    await createModel().doGenerate({ ...request, max_tokens: 7, stop: ['a', 'b'] }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      options: { num_predict: 7, stop: ['a', 'b'] },
    });
  });

  it('passes Ollama options and top-level fields through (num_ctx, top_k, keep_alive, options, think)', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: (loadJsonFixture(fixture('chat-text.http.json')) as DocFixture).body,
    });

    await createModel().doGenerate(
      {
        ...request,
        temperature: 0.5,
        num_ctx: 8192,
        top_k: 20,
        keep_alive: '10m',
        think: false,
        options: { num_gpu: 1, temperature: 1 },
      } as ChatCompletionRequest,
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      keep_alive: '10m',
      think: false,
      options: { num_gpu: 1, num_ctx: 8192, top_k: 20, temperature: 0.5 },
    });
  });

  it("sends json_object as format 'json'", async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: (loadJsonFixture(fixture('chat-text.http.json')) as DocFixture).body,
    });

    await createModel().doGenerate({ ...request, response_format: { type: 'json_object' } }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ format: 'json' });
  });

  it('sends a json_schema as the format schema, as in the documented structured-output call', async () => {
    const doc = loadJsonFixture(fixture('chat-structured-output.doc.json')) as DocFixture;
    server.respond(chatRoute, { type: 'json', body: doc.body });
    const schema = doc.request.body.format as Record<string, unknown>;

    const result = await createModel({}, 'llama3.1').doGenerate(
      {
        model: 'llama3.1',
        messages: doc.request.body.messages as ChatCompletionRequest['messages'],
        temperature: 0,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'availability', schema, strict: true },
        },
      },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toEqual(doc.request.body);
    expect(JSON.parse(result.response.choices[0]?.message.content ?? '')).toEqual({
      age: 22,
      available: false,
    });
    expect(result.usage).toMatchObject({ promptTokens: 34, completionTokens: 12 });
  });

  it('sends tools in function form and returns a tool call with a synthesized id', async () => {
    const doc = loadJsonFixture(fixture('tool-call.doc.json')) as DocFixture;
    server.respond(chatRoute, { type: 'json', body: doc.body });

    const result = await createModel({}, 'llama3.2').doGenerate(
      {
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'what is the weather in tokyo?' }],
        tools: [weatherTool],
        tool_choice: 'auto',
      },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toEqual(doc.request.body);
    expect(chatCompletionSchema.parse(result.response)).toEqual(result.response);
    expect(result.response.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_0',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
          },
        ],
      },
    });
    expect(result.usage).toMatchObject({ promptTokens: 169, completionTokens: 18 });
  });

  it('keeps the ids newer servers send, for each of several tool calls', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: {
        model: 'qwen3',
        created_at: '2026-03-02T09:15:00.1Z',
        message: {
          role: 'assistant',
          content: '',
          tool_calls: [
            { id: 'call_k3n9x2pq', function: { index: 0, name: 'a', arguments: { x: 1 } } },
            { function: { index: 1, name: 'b', arguments: {} } },
          ],
        },
        done: true,
        done_reason: 'stop',
      },
    });

    const result = await createModel().doGenerate({ ...request, tools: [weatherTool] }, {});

    expect(
      result.response.choices[0]?.message.tool_calls?.map(call => [
        call.id,
        call.function.name,
        call.function.arguments,
      ]),
    ).toEqual([
      ['call_k3n9x2pq', 'a', '{"x":1}'],
      ['call_1', 'b', '{}'],
    ]);
  });

  it('replays tool calls and tool results as the documented history (arguments as objects, tool_name)', async () => {
    const doc = loadJsonFixture(fixture('chat-history-tools.doc.json')) as DocFixture;
    server.respond(chatRoute, { type: 'json', body: doc.body });

    const result = await createModel({}, 'llama3.2').doGenerate(
      {
        model: 'llama3.2',
        messages: [
          { role: 'user', content: 'what is the weather in Toronto?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_0',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Toronto"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_0', content: '11 degrees celsius' },
        ],
        tools: [weatherTool],
      },
      {},
    );

    // The documented body, plus the ids that link a result to its call.
    const sent = server.calls[0]?.requestBodyJson as { messages: Array<Record<string, unknown>> };
    expect(sent).toMatchObject(doc.request.body);
    expect(sent.messages[1]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'call_0', function: { name: 'get_weather', arguments: { city: 'Toronto' } } },
      ],
    });
    expect(sent.messages[2]).toEqual({
      role: 'tool',
      content: '11 degrees celsius',
      tool_name: 'get_weather',
      tool_call_id: 'call_0',
    });
    expect(result.response.choices[0]?.message.content).toBe(
      'The current temperature in Toronto is 11°C.',
    );
    expect(result.response.choices[0]?.finish_reason).toBe('stop');
  });

  it('sends data: URL images as bare base64, as in the documented image call', async () => {
    const doc = loadJsonFixture(fixture('chat-with-images.doc.json')) as DocFixture;
    server.respond(chatRoute, { type: 'json', body: doc.body });
    const documented = doc.request.body.messages[0] as { content: string; images: string[] };

    const result = await createModel({}, 'llava').doGenerate(
      {
        model: 'llava',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: documented.content },
              {
                type: 'image_url',
                image_url: { url: `data:image/png;base64,${documented.images[0]}`, detail: 'low' },
              },
            ],
          },
        ],
      },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toEqual({ ...doc.request.body, stream: false });
    expect(result.response.choices[0]?.message.content).toMatch(/^ The image features a cute/);
    expect(result.response.choices[0]?.finish_reason).toBe('stop');
  });

  it('rejects an https image URL with a BadRequestError naming the part, without calling Ollama', async () => {
    const error = await rejection(
      createModel().doGenerate(
        {
          ...request,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'What is this?' },
                { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
              ],
            },
          ],
        },
        { dropParams: true },
      ),
    );

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      param: 'messages[0].content[1]',
      llmProvider: 'ollama',
      isRetryable: false,
    });
    expect((error as Error).message).toMatch(/does not take image URLs.*data: URL/);
    expect(server.calls).toHaveLength(0);
  });

  it('maps reasoning_effort to think and thinking to reasoning_content', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: {
        model: 'gpt-oss:20b',
        created_at: '2025-08-21T12:41:21.294827Z',
        message: { role: 'assistant', content: '391', thinking: '17 × 23 = 391' },
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 20,
        eval_count: 30,
      },
    });

    const result = await createModel({}, 'gpt-oss:20b').doGenerate(
      {
        model: 'gpt-oss:20b',
        messages: [
          { role: 'user', content: 'What is 17 × 23?' },
          { role: 'assistant', content: '391', reasoning_content: 'Multiply.' },
          { role: 'user', content: 'Again?' },
        ],
        reasoning_effort: 'high',
      },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      think: 'high',
      messages: [{}, { role: 'assistant', content: '391', thinking: 'Multiply.' }, {}],
    });
    expect(result.response.choices[0]?.message).toEqual({
      role: 'assistant',
      content: '391',
      reasoning_content: '17 × 23 = 391',
    });
  });

  it.each([
    ['none', false],
    ['minimal', 'low'],
    ['medium', 'medium'],
  ])('maps reasoning_effort %s to think %s', async (effort, think) => {
    server.respond(chatRoute, {
      type: 'json',
      body: (loadJsonFixture(fixture('chat-text.http.json')) as DocFixture).body,
    });

    await createModel().doGenerate({ ...request, reasoning_effort: effort }, {});

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ think });
  });

  it("maps done_reason 'length' and reads missing counters as 0", async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: {
        model: 'gemma2',
        created_at: '2025-08-21T12:41:21Z',
        message: { role: 'assistant', content: 'Once upon' },
        done: true,
        done_reason: 'length',
        eval_count: 2,
      },
    });

    const result = await createModel().doGenerate({ ...request, max_tokens: 2 }, {});

    expect(result.response.choices[0]?.finish_reason).toBe('length');
    expect(result.response.usage).toEqual({
      prompt_tokens: 0,
      completion_tokens: 2,
      total_tokens: 2,
    });
  });

  it('asks for logprobs and returns them in OpenAI form', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: {
        model: 'gemma2',
        created_at: '2025-08-21T12:41:21Z',
        message: { role: 'assistant', content: 'Hi' },
        done: true,
        done_reason: 'stop',
        logprobs: [
          {
            token: 'Hi',
            logprob: -0.1,
            bytes: [72, 105],
            top_logprobs: [
              { token: 'Hi', logprob: -0.1 },
              { token: 'Hello', logprob: -2.5 },
            ],
          },
        ],
      },
    });

    const result = await createModel().doGenerate(
      { ...request, logprobs: true, top_logprobs: 2 },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ logprobs: true, top_logprobs: 2 });
    expect(result.response.choices[0]?.logprobs).toEqual({
      content: [
        {
          token: 'Hi',
          logprob: -0.1,
          bytes: [72, 105],
          top_logprobs: [
            { token: 'Hi', logprob: -0.1, bytes: null },
            { token: 'Hello', logprob: -2.5, bytes: null },
          ],
        },
      ],
      refusal: null,
    });
  });

  it("sends no tools for tool_choice 'none'", async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: (loadJsonFixture(fixture('chat-text.http.json')) as DocFixture).body,
    });

    await createModel().doGenerate({ ...request, tools: [weatherTool], tool_choice: 'none' }, {});

    expect(server.calls[0]?.requestBodyJson).not.toHaveProperty('tools');
  });

  it.each([
    ['tool_choice', { tool_choice: 'required' }],
    ['tool_choice', { tool_choice: { type: 'function', function: { name: 'get_weather' } } }],
    ['parallel_tool_calls', { parallel_tool_calls: false }],
    ['n', { n: 2 }],
    ['logit_bias', { logit_bias: { '50256': -100 } }],
    ['reasoning_effort', { reasoning_effort: 'extreme' }],
    ['web_search_options', { web_search_options: {} }],
  ])('rejects unsupported %s with a BadRequestError naming it', async (param, extra) => {
    const error = await rejection(
      createModel().doGenerate(
        { ...request, tools: [weatherTool], ...extra } as ChatCompletionRequest,
        {},
      ),
    );

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, param, llmProvider: 'ollama', model: 'gemma2' });
    expect((error as Error).message).toContain('drop_params');
    expect(server.calls).toHaveLength(0);
  });

  it('drops unsupported parameters with drop_params and says so in warnings', async () => {
    server.respond(chatRoute, {
      type: 'json',
      body: (loadJsonFixture(fixture('chat-text.http.json')) as DocFixture).body,
    });

    const result = await createModel().doGenerate(
      {
        ...request,
        tools: [weatherTool],
        tool_choice: 'required',
        n: 2,
        logit_bias: { '1': 1 },
      },
      { dropParams: true },
    );

    const body = server.calls[0]?.requestBodyJson as Record<string, unknown>;
    expect(body.tools).toHaveLength(1);
    expect(Object.keys(body).sort()).toEqual(['messages', 'model', 'stream', 'tools']);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Dropped 'logit_bias'/),
      expect.stringMatching(/^Dropped 'n'/),
      expect.stringMatching(/^Dropped 'tool_choice'/),
    ]);
  });

  it('rejects tool-call arguments that are not a JSON object', async () => {
    const error = await rejection(
      createModel().doGenerate(
        {
          ...request,
          messages: [
            { role: 'user', content: 'Hi' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: 'c1', type: 'function', function: { name: 'f', arguments: '{oops' } },
              ],
            },
          ],
        },
        {},
      ),
    );

    expect(error).toMatchObject({
      name: 'BadRequestError',
      param: 'messages[1].tool_calls[0].function.arguments',
    });
  });

  it('turns an error object in a 200 answer into an error', async () => {
    server.respond(chatRoute, { type: 'json', body: { error: 'model runner crashed' } });

    const error = await rejection(createModel().doGenerate(request, {}));

    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ message: 'model runner crashed', isRetryable: true });
  });

  it('rejects a 200 that is not JSON', async () => {
    server.respond(chatRoute, { type: 'raw', status: 200, headers: {}, body: '<html>oops</html>' });

    const error = await rejection(createModel().doGenerate(request, {}));

    expect((error as Error).message).toBe('Invalid response from ollama/gemma2: not JSON');
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
  it('streams the documented text: role first, finish chunk, usage chunk and usage part', async () => {
    server.respond(chatRoute, ndjson(ndjsonLines('stream-text.doc.ndjson')));

    const { stream, rawResponse } = await createModel({}, 'llama3.2').doStream(
      { ...request, model: 'llama3.2', stream: true, stream_options: { include_usage: true } },
      {},
    );
    const parts = await convertReadableStreamToArray(stream);

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ stream: true });
    expect(server.calls[0]?.requestBodyJson).not.toHaveProperty('stream_options');
    expect(rawResponse.headers['content-type']).toBe('application/x-ndjson');
    expectValidChunks(parts);
    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'chunk', 'usage']);
    const chunks = chunksOf(parts);
    expect(chunks[0]).toMatchObject({
      object: 'chat.completion.chunk',
      model: 'llama3.2',
      created: Math.floor(Date.parse('2023-08-04T15:52:19.385Z') / 1000),
      choices: [{ index: 0, delta: { role: 'assistant', content: 'The' }, finish_reason: null }],
    });
    // The documented final object has no done_reason (older servers): still `stop`.
    expect(chunks[1]?.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'stop' }]);
    expect(chunks[2]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 26, completion_tokens: 282, total_tokens: 308 },
    });
    expect(parts[3]).toEqual({
      type: 'usage',
      usage: {
        promptTokens: 26,
        completionTokens: 282,
        totalTokens: 308,
        cachedReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
      },
    });
  });

  it('sends no usage chunk without include_usage, but still a usage part', async () => {
    server.respond(chatRoute, ndjson(ndjsonLines('stream-text.doc.ndjson')));

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'usage']);
    expect(chunksOf(parts).every(chunk => chunk.usage === undefined)).toBe(true);
  });

  it('streams thinking as reasoning_content, then the answer', async () => {
    server.respond(chatRoute, ndjson(ndjsonLines('stream-thinking.constructed.ndjson')));

    const { stream } = await createModel({}, 'qwen3').doStream(
      { ...request, model: 'qwen3', reasoning_effort: 'low' },
      {},
    );
    const parts = await convertReadableStreamToArray(stream);

    expect(server.calls[0]?.requestBodyJson).toMatchObject({ think: 'low', stream: true });
    expectValidChunks(parts);
    const reasoning = chunksOf(parts)
      .map(chunk => chunk.choices[0]?.delta.reasoning_content ?? '')
      .join('');
    expect(reasoning).toBe('The user asks 17 × 23. That is 391.');
    expect(textOf(parts)).toBe('17 × 23 = 391.');
    expect(chunksOf(parts).at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(parts.at(-1)).toMatchObject({
      type: 'usage',
      usage: { promptTokens: 18, completionTokens: 42 },
    });
  });

  it('reassembles lines split across network reads, and several lines in one read', async () => {
    const text = ndjsonLines('stream-thinking.constructed.ndjson').join('');
    // Cut every 7 characters: lines break mid-object and mid-key.
    const pieces = text.match(/[\s\S]{1,7}/g) ?? [];
    server.respond(chatRoute, ndjson(pieces, { delayMs: 1 }));
    const whole = await createMockProviderServer();
    whole.respond(chatRoute, ndjson([text]));

    try {
      const split = await convertReadableStreamToArray(
        (await createModel({}, 'qwen3').doStream(request, {})).stream,
      );
      const single = await convertReadableStreamToArray(
        (await createModel({ apiBase: whole.url }, 'qwen3').doStream(request, {})).stream,
      );

      expect(pieces.length).toBeGreaterThan(100);
      expect(split.some(part => part.type === 'error')).toBe(false);
      const withoutIds = (parts: ChatStreamPartV1[]) =>
        parts.map(part => (part.type === 'chunk' ? { ...part.chunk, id: '' } : part));
      expect(withoutIds(split)).toEqual(withoutIds(single));
      expect(textOf(split)).toBe('17 × 23 = 391.');
    } finally {
      await whole.close();
    }
  });

  it('accepts a last line without a line break, and CRLF line ends', async () => {
    const lines = ndjsonLines('stream-length.constructed.ndjson').map(line =>
      line.replace('\n', '\r\n'),
    );
    const last = lines.length - 1;
    lines[last] = (lines[last] ?? '').trimEnd();
    server.respond(chatRoute, ndjson(lines));

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.some(part => part.type === 'error')).toBe(false);
    expect(textOf(parts)).toBe('Once upon a');
    expect(chunksOf(parts).at(-1)?.choices[0]?.finish_reason).toBe('length');
  });

  it('emits a documented tool call whole: index, id, name and arguments in one delta', async () => {
    server.respond(chatRoute, ndjson(ndjsonLines('stream-tool-call.doc.ndjson')));

    const { stream } = await createModel({}, 'llama3.2').doStream(
      { ...request, tools: [weatherTool] },
      {},
    );
    const parts = await convertReadableStreamToArray(stream);

    expectValidChunks(parts);
    const deltas = chunksOf(parts).flatMap(chunk => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas).toEqual([
      {
        index: 0,
        id: 'call_0',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      },
    ]);
    expect(chunksOf(parts).at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(parts.at(-1)).toMatchObject({
      type: 'usage',
      usage: { promptTokens: 169, completionTokens: 15 },
    });
  });

  it('streams parallel tool calls by index, keeping server ids', async () => {
    server.respond(chatRoute, ndjson(ndjsonLines('stream-tool-call.parallel.constructed.ndjson')));

    const { stream } = await createModel({}, 'qwen3').doStream(
      { ...request, tools: [weatherTool] },
      {},
    );
    const parts = await convertReadableStreamToArray(stream);

    const deltas = chunksOf(parts).flatMap(chunk => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas.map(delta => [delta.index, delta.id, delta.function?.name])).toEqual([
      [0, 'call_k3n9x2pq', 'get_weather'],
      [1, 'call_7yq2m1zd', 'get_time'],
    ]);
    expect(deltas.map(delta => JSON.parse(delta.function?.arguments ?? ''))).toEqual([
      { city: 'Paris' },
      { timezone: 'Europe/Paris' },
    ]);
    expect(chunksOf(parts).at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('numbers id-less tool calls across lines', async () => {
    const line = (name: string) =>
      `${JSON.stringify({
        model: 'llama3.2',
        created_at: '2025-07-07T20:22:19.1Z',
        message: {
          role: 'assistant',
          content: '',
          tool_calls: [{ function: { name, arguments: {} } }],
        },
        done: false,
      })}\n`;
    const [, done = ''] = ndjsonLines('stream-tool-call.doc.ndjson');
    server.respond(chatRoute, ndjson([line('a'), line('b'), done]));

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const deltas = chunksOf(parts).flatMap(chunk => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas.map(delta => [delta.index, delta.id, delta.function?.name])).toEqual([
      [0, 'call_0', 'a'],
      [1, 'call_1', 'b'],
    ]);
  });

  it('turns an {"error": …} line after HTTP 200 into an error part', async () => {
    const [errorLine = ''] = ndjsonLines('stream-error.doc.ndjson').slice(-1);
    const lines = ndjsonLines('stream-thinking.constructed.ndjson').slice(3, 5);
    server.respond(chatRoute, ndjson([...lines, errorLine]));

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'error']);
    expect(textOf(parts)).toBe('17 × 23 = 391');
    const error = errorOf(parts);
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 500,
      llmProvider: 'ollama',
      model: 'gemma2',
      isRetryable: true,
      message: 'an error was encountered while running the model',
    });
  });

  it('turns a connection reset mid-stream into an APIConnectionError part', async () => {
    const lines = ndjsonLines('stream-thinking.constructed.ndjson').slice(0, 3);
    server.respond(chatRoute, ndjson(lines, { delayMs: 20, end: 'reset' }));

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'chunk', 'error']);
    expect(APIConnectionError.isInstance(errorOf(parts))).toBe(true);
    expect(errorOf(parts)).toMatchObject({ llmProvider: 'ollama', isRetryable: true });
  });

  it.each([
    ['ends before the done object', (lines: string[]) => lines.slice(0, 3)],
    [
      'stops mid-object',
      (lines: string[]) => [...lines.slice(0, 3), (lines[3] ?? '').slice(0, 30)],
    ],
  ])('reports a body that %s as a broken connection', async (_, cut) => {
    const lines = cut(ndjsonLines('stream-thinking.constructed.ndjson'));
    server.respond(chatRoute, ndjson(lines, { end: 'close' }));

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'chunk', 'error']);
    expect(APIConnectionError.isInstance(errorOf(parts))).toBe(true);
    expect(errorOf(parts)?.message).toMatch(/ended before the response was complete/);
  });

  it.each([
    ['not JSON', '{"model":\n'],
    ['not an object', '"text"\n'],
    ['not a chat object', '{"message":"hi"}\n'],
  ])('turns a line that is %s into an error part', async (_, line) => {
    server.respond(chatRoute, ndjson([line]));

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts).toHaveLength(1);
    expect(errorOf(parts)).toMatchObject({ llmProvider: 'ollama', model: 'gemma2' });
    expect(errorOf(parts)?.message).toMatch(/^Invalid stream data from ollama\/gemma2/);
  });

  it('throws an HTTP error before the stream starts', async () => {
    server.respond(chatRoute, {
      type: 'json',
      status: 404,
      body: { error: 'model "gemma2" not found, try pulling it first' },
    });

    const error = await rejection(createModel().doStream(request, {}));

    expect(error).toMatchObject({ name: 'NotFoundError', status: 404, isRetryable: false });
  });

  it('cancels the upstream body when the caller aborts mid-stream', async () => {
    const lines = ndjsonLines('stream-thinking.constructed.ndjson').slice(0, 2);
    server.respond(chatRoute, ndjson(lines, { end: 'hang' }));
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
    const lines = ndjsonLines('stream-thinking.constructed.ndjson').slice(0, 2);
    server.respond(chatRoute, ndjson(lines, { end: 'hang' }));

    const { stream } = await createModel().doStream(request, {});
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();

    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });
});
