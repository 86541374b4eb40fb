import {
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startE2eGateway } from './start-e2e-gateway.js';

// End to end: the official openai client → the proxy → @llmux/anthropic → a mock Anthropic
// server replaying recorded Messages API transcripts.

// One deployment per scenario, each under its own path of the mock server.
const scenarios = ['chat', 'stream', 'tools', 'overloaded'] as const;
type Scenario = (typeof scenarios)[number];

function route(scenario: Scenario): string {
  return `POST /${scenario}/v1/messages`;
}

function fixture(name: string): URL {
  return new URL(`../../../providers/anthropic/src/__fixtures__/${name}`, import.meta.url);
}

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

describe('the openai client against an anthropic/ deployment', () => {
  let upstream: MockProviderServer;
  let client: OpenAI;
  let stopGateway: () => Promise<void>;

  beforeAll(async () => {
    ({
      upstream,
      client,
      close: stopGateway,
    } = await startE2eGateway({
      modelList: upstreamUrl =>
        scenarios.map(scenario => ({
          model_name: `claude-${scenario}`,
          litellm_params: {
            model: 'anthropic/claude-sonnet-4-20250514',
            api_base: `${upstreamUrl}/${scenario}`,
            api_key: 'os.environ/E2E_ANTHROPIC_KEY',
          },
        })),
      env: { E2E_ANTHROPIC_KEY: 'sk-ant-e2e' },
    }));
  });

  afterAll(() => stopGateway());

  beforeEach(() => {
    upstream.calls.length = 0;
  });

  it('completes a chat through the Messages API and reports its cost', async () => {
    const recorded = loadJsonFixture(fixture('text.http.json')) as HttpFixture;
    upstream.respond(route('chat'), { type: 'json', ...recorded });

    const { data, response } = await client.chat.completions
      .create({
        model: 'claude-chat',
        messages: [
          { role: 'system', content: 'Be friendly.' },
          { role: 'user', content: 'Hello!' },
        ],
      })
      .withResponse();

    expect(data.choices[0]?.message.content).toBe(
      "Hello! How can I assist you today? Is there anything specific you'd like to know or discuss?",
    );
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.model).toBe('claude-chat');
    expect(data.usage).toMatchObject({
      prompt_tokens: 16,
      completion_tokens: 24,
      total_tokens: 40,
    });
    // 16 × $3e-6 + 24 × $1.5e-5 (claude-sonnet-4-20250514).
    expect(Number(response.headers.get('x-litellm-response-cost'))).toBeCloseTo(0.000408, 12);
    const call = upstream.calls[0];
    expect(call?.path).toBe('/chat/v1/messages');
    expect(call?.headers).toMatchObject({
      'x-api-key': 'sk-ant-e2e',
      'anthropic-version': '2023-06-01',
    });
    expect(call?.requestBodyJson).toMatchObject({
      model: 'claude-sonnet-4-20250514',
      system: 'Be friendly.',
      messages: [{ role: 'user', content: 'Hello!' }],
      max_tokens: 64000,
    });
  });

  it('streams a chat: text reassembled, finish_reason, usage in the last chunk', async () => {
    upstream.respond(route('stream'), {
      type: 'sse',
      events: loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false }),
    });

    const stream = await client.chat.completions.create({
      model: 'claude-stream',
      messages: [{ role: 'user', content: 'How are you?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const finishReasons: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason);
      if (chunk.usage) usage = chunk.usage;
      expect(chunk.model).toBe('claude-stream');
    }

    expect(text).toBe(
      "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    );
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 });
    expect(upstream.calls[0]?.requestBodyJson).toMatchObject({ stream: true });
  });

  it('streams a tool call the openai client can put back together', async () => {
    upstream.respond(route('tools'), {
      type: 'sse',
      events: loadSseFixture(fixture('stream-tool-call.sse')),
    });

    const stream = client.chat.completions.stream({
      model: 'claude-tools',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { location: { type: 'string' } } },
          },
        },
      ],
    });
    const final = await stream.finalChatCompletion();

    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location": "Paris"}' },
      },
    ]);
    expect(upstream.calls[0]?.requestBodyJson).toMatchObject({
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
    });
  });

  it('passes an upstream 529 overloaded_error on as an OpenAI error', async () => {
    upstream.respond(route('overloaded'), {
      type: 'json',
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });

    const error = await client.chat.completions
      .create({ model: 'claude-overloaded', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(529);
    expect((error as Error).message).toContain('Overloaded');
  });
});
