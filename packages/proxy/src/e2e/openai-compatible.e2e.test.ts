import { loadJsonFixture, loadSseFixture, type MockProviderServer } from '@llmux/core/test';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startE2eGateway } from './start-e2e-gateway.js';

// End to end: the official openai client → the proxy → @llmux/openai-compatible (deepseek/) →
// a mock DeepSeek API replaying DeepSeek's documented responses.

// One deployment per scenario, each under its own path of the mock server.
const scenarios = ['chat', 'stream', 'denied'] as const;
type Scenario = (typeof scenarios)[number];

function route(scenario: Scenario): string {
  return `POST /${scenario}/chat/completions`;
}

function fixture(name: string): URL {
  return new URL(`../../../providers/openai-compatible/src/__fixtures__/${name}`, import.meta.url);
}

describe('the openai client against a deepseek/ model', () => {
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
          model_name: `deepseek-${scenario}`,
          litellm_params: {
            model: 'deepseek/deepseek-chat',
            api_base: `${upstreamUrl}/${scenario}`,
            api_key: 'os.environ/E2E_DEEPSEEK_KEY',
          },
        })),
      env: { E2E_DEEPSEEK_KEY: 'sk-deepseek-e2e' },
    }));
  });

  afterAll(() => stopGateway());

  beforeEach(() => {
    upstream.calls.length = 0;
  });

  it('completes a chat, cache hits reported as cached_tokens', async () => {
    upstream.respond(route('chat'), {
      type: 'json',
      body: loadJsonFixture(fixture('deepseek-chat-text.doc.json')),
    });

    const data = await client.chat.completions.create({
      model: 'deepseek-chat',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'Hello' },
      ],
    });

    expect(data.choices[0]?.message.content).toBe('Hello! How can I help you today?');
    expect(data.usage).toMatchObject({
      prompt_tokens: 1200,
      completion_tokens: 10,
      total_tokens: 1210,
      prompt_tokens_details: { cached_tokens: 1024 },
    });
    const call = upstream.calls[0];
    expect(call?.path).toBe('/chat/chat/completions');
    expect(call?.headers.authorization).toBe('Bearer sk-deepseek-e2e');
    expect(call?.requestBodyJson).toMatchObject({ model: 'deepseek-chat', stream: false });
  });

  it('streams a chat, usage in the last chunk', async () => {
    upstream.respond(route('stream'), {
      type: 'sse',
      events: loadSseFixture(fixture('deepseek-stream-text.doc.sse')),
    });

    const stream = await client.chat.completions.create({
      model: 'deepseek-stream',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }

    expect(text).toBe('Hello! How can I help you today?');
    expect(usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 10, total_tokens: 26 });
    expect(upstream.calls[0]?.requestBodyJson).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('maps DeepSeek 401 to OpenAI.AuthenticationError', async () => {
    const catalogue = loadJsonFixture(fixture('deepseek-errors.doc.json')) as {
      entries: Array<{ scenario: string; status: number; body: unknown }>;
    };
    const entry = catalogue.entries.find(candidate => candidate.scenario.startsWith('401'));
    upstream.respond(route('denied'), { type: 'json', status: entry?.status, body: entry?.body });

    const error = await client.chat.completions
      .create({ model: 'deepseek-denied', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as Error).message).toMatch(/Authentication Fails/);
  });
});
