import {
  type ChatCompletionChunk,
  type CompletionStream,
  chatCompletionChunkSchema,
  chatCompletionSchema,
  completion,
  ServiceUnavailableError,
} from '@llmux/core';
import {
  createMockProviderServer,
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Acceptance: core's completion() loads this package for `anthropic/…` and prices the result.

const messagesRoute = 'POST /v1/messages';
const model = 'anthropic/claude-sonnet-4-20250514';
const messages = [{ role: 'user' as const, content: 'Please explain what Python is.' }];

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

let server: MockProviderServer;

beforeEach(async () => {
  server = await createMockProviderServer();
});

afterEach(async () => {
  await server.close();
});

async function collect(stream: CompletionStream): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("completion({ model: 'anthropic/…' })", () => {
  it('prices cache writes and reads at their own rates, to the last picodollar', async () => {
    const recorded = loadJsonFixture(fixture('prompt-cache.http.json')) as HttpFixture;
    server.respond(messagesRoute, { type: 'json', ...recorded });

    const response = await completion({
      model,
      messages,
      api_base: server.url,
      api_key: 'sk-ant-test',
    });

    // claude-sonnet-4-20250514 in /work/shared/prices (USD per token → picodollars per token):
    // input 3e-06 → 3_000_000; cache_creation_input_token_cost 3.75e-06 → 3_750_000;
    // cache_read_input_token_cost 3e-07 → 300_000; output 1.5e-05 → 15_000_000.
    // Recorded usage: input_tokens 3, cache_creation_input_tokens 418,
    // cache_read_input_tokens 1111, output_tokens 33.
    const expected = 3n * 3_000_000n + 418n * 3_750_000n + 1111n * 300_000n + 33n * 15_000_000n;
    expect(expected).toBe(2_404_800_000n);
    expect(response._hidden_params.response_cost_pico).toBe(expected);
    expect(response._hidden_params.priced).toBe(true);
    expect(response._hidden_params.custom_llm_provider).toBe('anthropic');
    expect(response.usage).toMatchObject({
      prompt_tokens: 1532,
      completion_tokens: 33,
      prompt_tokens_details: { cached_tokens: 1111 },
    });
    expect(chatCompletionSchema.safeParse(response).success).toBe(true);
  });

  it('returns a text completion that validates against the OpenAI schema', async () => {
    server.respond(messagesRoute, {
      type: 'json',
      ...(loadJsonFixture(fixture('text.http.json')) as HttpFixture),
    });

    const response = await completion({
      model,
      messages,
      api_base: server.url,
      api_key: 'sk-ant-test',
    });

    expect(chatCompletionSchema.parse(response)).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant' }, finish_reason: 'stop' }],
    });
    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 64000,
    });
  });

  it('returns tool calls that validate against the OpenAI schema', async () => {
    const [first] = loadJsonFixture(fixture('tool-call-roundtrip.http.json')) as HttpFixture[];
    server.respond(messagesRoute, { type: 'json', ...(first as HttpFixture) });

    const response = await completion({
      model,
      messages,
      tools: [
        { type: 'function', function: { name: 'test_tool', parameters: { type: 'object' } } },
      ],
      api_base: server.url,
      api_key: 'sk-ant-test',
    });

    const parsed = chatCompletionSchema.parse(response);
    expect(parsed.choices[0]?.finish_reason).toBe('tool_calls');
    expect(parsed.choices[0]?.message.tool_calls?.[0]?.function).toEqual({
      name: 'test_tool',
      arguments: '{"value":"test"}',
    });
  });

  it('streams text chunks that validate against the OpenAI chunk schema, and prices them', async () => {
    server.respond(messagesRoute, {
      type: 'sse',
      events: loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false }),
    });

    const stream = await completion({
      model,
      messages,
      stream: true,
      api_base: server.url,
      api_key: 'sk-ant-test',
    });
    const chunks = await collect(stream);
    const hidden = await stream.done;

    for (const chunk of chunks)
      expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    expect(chunks.map(chunk => chunk.choices[0]?.delta.content ?? '').join('')).toMatch(/^Hello!/);
    expect(hidden.usage_estimated).toBe(false);
    // 12 input tokens × 3_000_000 + 30 output tokens × 15_000_000 picodollars.
    expect(hidden.response_cost_pico).toBe(12n * 3_000_000n + 30n * 15_000_000n);
  });

  it('streams tool-call chunks that validate against the OpenAI chunk schema', async () => {
    server.respond(messagesRoute, {
      type: 'sse',
      events: loadSseFixture(fixture('stream-tool-call.sse')),
    });

    const stream = await completion({
      model,
      messages,
      stream: true,
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
      api_base: server.url,
      api_key: 'sk-ant-test',
    });
    const chunks = await collect(stream);

    for (const chunk of chunks)
      expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    const toolDeltas = chunks.flatMap(chunk => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toMatchObject({ index: 0, id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn' });
    expect(toolDeltas.map(delta => delta.function?.arguments ?? '').join('')).toBe(
      '{"location": "Paris"}',
    );
  });

  it('retries a 529 overloaded_error', async () => {
    server.respond(messagesRoute, {
      type: 'json',
      status: 529,
      // retry-after-ms keeps the test fast; Anthropic's SDK honours it too.
      headers: { 'retry-after-ms': '10' },
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    server.respond(messagesRoute, {
      type: 'json',
      ...(loadJsonFixture(fixture('text.http.json')) as HttpFixture),
    });

    const response = await completion({
      model,
      messages,
      num_retries: 1,
      api_base: server.url,
      api_key: 'sk-ant-test',
    });

    expect(server.calls).toHaveLength(2);
    expect(response._hidden_params.attempted_retries).toBe(1);

    server.respond('POST /overloaded/v1/messages', {
      type: 'json',
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    const failing = await completion({
      model,
      messages,
      api_base: `${server.url}/overloaded`,
      api_key: 'sk-ant-test',
    }).catch((caught: unknown) => caught);
    expect(ServiceUnavailableError.isInstance(failing)).toBe(true);
    expect(failing).toMatchObject({ status: 529, isRetryable: true, llmProvider: 'anthropic' });
  });
});
