import { loadChunksFixture, loadJsonFixture, type MockProviderServer } from '@llmux/core/test';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startE2eGateway } from './start-e2e-gateway.js';

// End to end: the official openai client → the proxy → @llmux/groq → a mock Groq API replaying
// recorded Groq transcripts.

// One deployment per scenario, each under its own path of the mock server.
const scenarios = ['chat', 'stream', 'tools', 'rejected', 'missing'] as const;
type Scenario = (typeof scenarios)[number];

function route(scenario: Scenario): string {
  return `POST /${scenario}/openai/v1/chat/completions`;
}

function fixture(name: string): URL {
  return new URL(`../../../providers/groq/src/__fixtures__/${name}`, import.meta.url);
}

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

describe('the openai client against a groq/ model', () => {
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
          model_name: `llama-${scenario}`,
          litellm_params: {
            model: 'groq/llama-3.3-70b-versatile',
            api_base: `${upstreamUrl}/${scenario}/openai/v1`,
            api_key: 'os.environ/E2E_GROQ_KEY',
          },
        })),
      env: { E2E_GROQ_KEY: 'gsk-e2e-key' },
    }));
  });

  afterAll(() => stopGateway());

  beforeEach(() => {
    upstream.calls.length = 0;
  });

  it('completes a chat', async () => {
    const recorded = loadJsonFixture(fixture('chat-text.http.json')) as HttpFixture;
    upstream.respond(route('chat'), { type: 'json', ...recorded });

    const data = await client.chat.completions.create({
      model: 'llama-chat',
      messages: [{ role: 'user', content: 'Hello' }],
      temperature: 0.5,
    });

    expect(data.choices[0]?.message.content).toBe('Hello! How can I help you today?');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({
      prompt_tokens: 30,
      completion_tokens: 10,
      total_tokens: 40,
    });
    const call = upstream.calls[0];
    expect(call?.headers.authorization).toBe('Bearer gsk-e2e-key');
    expect(call?.requestBodyJson).toMatchObject({
      model: 'llama-3.3-70b-versatile',
      temperature: 0.5,
      stream: false,
    });
  });

  it('streams a chat, usage in the last chunk', async () => {
    upstream.respond(route('stream'), {
      type: 'sse',
      events: loadChunksFixture(fixture('stream-text.chunks.txt')),
    });

    const stream = await client.chat.completions.create({
      model: 'llama-stream',
      messages: [{ role: 'user', content: 'Tell me a story' }],
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
    }

    expect(text.startsWith('Introducing "Luminaria"')).toBe(true);
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toMatchObject({ prompt_tokens: 45, completion_tokens: 662, total_tokens: 707 });
  });

  it('streams a tool call arriving whole in one delta', async () => {
    upstream.respond(route('tools'), {
      type: 'sse',
      events: loadChunksFixture(fixture('stream-tool-call.chunks.txt')),
    });

    const stream = await client.chat.completions.create({
      model: 'llama-tools',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }],
      stream: true,
    });
    const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = calls[delta.index] ?? { arguments: '' };
        calls[delta.index] = call;
        call.id ??= delta.id;
        call.name ??= delta.function?.name;
        call.arguments += delta.function?.arguments ?? '';
      }
    }

    expect(calls).toEqual([{ id: 'tk85n1k4m', name: 'weather', arguments: '{}' }]);
  });

  it('answers a parameter Groq rejects with OpenAI.BadRequestError, without calling Groq', async () => {
    const error = await client.chat.completions
      .create({
        model: 'llama-rejected',
        messages: [{ role: 'user', content: 'Hi' }],
        logit_bias: { '1': 5 },
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toMatch(/logit_bias/);
    expect(upstream.calls).toHaveLength(0);
  });

  it('passes Groq 404 model_not_found through as OpenAI.NotFoundError', async () => {
    const recorded = loadJsonFixture(fixture('error-404-model-not-found.http.json')) as HttpFixture;
    upstream.respond(route('missing'), { type: 'json', ...recorded });

    const error = await client.chat.completions
      .create({ model: 'llama-missing', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toMatch(/does not exist/);
  });
});
