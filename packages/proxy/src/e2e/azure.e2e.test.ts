import {
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startE2eGateway } from './start-e2e-gateway.js';

// End to end: the official openai client → the proxy → @llmux/azure → a mock Azure OpenAI
// resource replaying recorded (and documented) Azure transcripts.

// One resource per scenario, each under its own path of the mock server.
const scenarios = ['chat', 'stream', 'filtered', 'blocked', 'entra', 'limited'] as const;
type Scenario = (typeof scenarios)[number];

function route(scenario: Scenario, operation = 'chat/completions'): string {
  return `POST /${scenario}/openai/deployments/gpt-4o/${operation}`;
}

function fixture(name: string): URL {
  return new URL(`../../../providers/azure/src/__fixtures__/${name}`, import.meta.url);
}

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

describe('the openai client against an azure/ deployment', () => {
  let upstream: MockProviderServer;
  let client: OpenAI;
  let stopGateway: () => Promise<void>;

  beforeAll(async () => {
    ({
      upstream,
      client,
      close: stopGateway,
    } = await startE2eGateway({
      modelList: upstreamUrl => [
        ...scenarios
          .filter(scenario => scenario !== 'entra')
          .map(scenario => ({
            model_name: `azure-${scenario}`,
            litellm_params: {
              model: 'azure/gpt-4o',
              api_base: `${upstreamUrl}/${scenario}`,
              api_key: 'os.environ/E2E_AZURE_KEY',
              api_version: '2024-10-21',
            },
          })),
        {
          model_name: 'azure-entra',
          litellm_params: {
            model: 'azure/gpt-4o',
            api_base: `${upstreamUrl}/entra`,
            azure_ad_token: 'os.environ/E2E_AZURE_AD_TOKEN',
          },
        },
      ],
      env: { E2E_AZURE_KEY: 'azure-e2e-key', E2E_AZURE_AD_TOKEN: 'entra-e2e-token' },
    }));
  });

  afterAll(() => stopGateway());

  beforeEach(() => {
    upstream.calls.length = 0;
  });

  it('completes a chat on the deployment URL and keeps the filter results', async () => {
    const recorded = loadJsonFixture(fixture('chat-text.http.json')) as HttpFixture;
    upstream.respond(route('chat'), { type: 'json', ...recorded });

    const { data, response } = await client.chat.completions
      .create({
        model: 'azure-chat',
        messages: [{ role: 'user', content: 'What is the capital of France?' }],
      })
      .withResponse();

    expect(data.choices[0]?.message.content).toBe('The capital of France is **Paris**.');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 9, total_tokens: 23 });
    expect(data).toHaveProperty('prompt_filter_results');
    // 14 × $2.5e-6 + 9 × $1e-5 (azure/gpt-4o).
    expect(Number(response.headers.get('x-litellm-response-cost'))).toBeCloseTo(0.000125, 12);
    const call = upstream.calls[0];
    expect(`${call?.path}${call?.search}`).toBe(
      '/chat/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    );
    expect(call?.headers['api-key']).toBe('azure-e2e-key');
    expect(call?.headers.authorization).toBeUndefined();
  });

  it('streams a chat whose first Azure chunk has no id or choices', async () => {
    upstream.respond(route('stream'), {
      type: 'sse',
      events: loadChunksFixture(fixture('stream-text.chunks.txt')),
    });

    const stream = await client.chat.completions.create({
      model: 'azure-stream',
      messages: [{ role: 'user', content: 'Capital of Denmark?' }],
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

    expect(text).toBe('Capital of Denmark.');
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toMatchObject({
      prompt_tokens: 15,
      completion_tokens: 78,
      total_tokens: 93,
      completion_tokens_details: { reasoning_tokens: 64 },
    });
    expect(upstream.calls[0]?.requestBodyJson).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('streams finish_reason content_filter when Azure blocks the output mid-stream', async () => {
    upstream.respond(route('blocked'), {
      type: 'sse',
      events: loadSseFixture(fixture('stream-content-filter-blocked.doc.sse')),
    });

    const stream = await client.chat.completions.create({
      model: 'azure-blocked',
      messages: [{ role: 'user', content: 'Sing me a song.' }],
      stream: true,
    });
    let text = '';
    const finishReasons: string[] = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason);
    }

    expect(text).toBe('Hey Jude');
    expect(finishReasons).toEqual(['content_filter']);
  });

  it('answers a completion the content filter emptied with a 400 content-policy error', async () => {
    upstream.respond(route('filtered'), {
      type: 'json',
      body: loadJsonFixture(fixture('chat-completion-filtered.doc.json')),
    });

    const error = await client.chat.completions
      .create({ model: 'azure-filtered', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400);
    expect((error as Error).message).toContain(
      "Azure OpenAI's content filter blocked the completion",
    );
  });

  it('maps an Azure 429 to OpenAI.RateLimitError', async () => {
    const entries = (
      loadJsonFixture(fixture('errors.reconstructed.json')) as {
        entries: Array<HttpFixture & { scenario: string }>;
      }
    ).entries;
    const limited = entries.find(entry => entry.scenario.startsWith('429 short-window'));
    upstream.respond(route('limited'), {
      type: 'json',
      status: limited?.status,
      headers: limited?.headers,
      body: limited?.body,
    });

    const error = await client.chat.completions
      .create({ model: 'azure-limited', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as Error).message).toContain('Rate limit is exceeded');
  });

  it('authenticates with the deployment’s azure_ad_token, kept out of the body', async () => {
    const recorded = loadJsonFixture(fixture('chat-text.http.json')) as HttpFixture;
    upstream.respond(route('entra'), { type: 'json', ...recorded });

    await client.chat.completions.create({
      model: 'azure-entra',
      messages: [{ role: 'user', content: 'Hi' }],
    });

    const call = upstream.calls[0];
    expect(call?.search).toBe('?api-version=2024-10-21');
    expect(call?.headers.authorization).toBe('Bearer entra-e2e-token');
    expect(call?.headers['api-key']).toBeUndefined();
    expect(call?.requestBodyJson).not.toHaveProperty('azure_ad_token');
  });
});
