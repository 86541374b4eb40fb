import { AuthenticationError, type FetchFunction } from '@llmux/core';
import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { anthropicMessagesURL } from './anthropic-config.js';
import { anthropic, createAnthropic, llmuxProviders } from './anthropic-provider.js';

const request = {
  model: 'claude-sonnet-4-20250514',
  messages: [{ role: 'user' as const, content: 'Hi' }],
};
const reply = {
  id: 'msg_1',
  model: 'claude-sonnet-4-20250514',
  content: [{ type: 'text', text: 'Hello' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 1, output_tokens: 1 },
};

let server: MockProviderServer;

beforeAll(async () => {
  server = await createMockProviderServer();
  server.respond('POST /v1/messages', { type: 'json', body: reply });
  server.respond('POST /gateway/v1/messages', { type: 'json', body: reply });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.calls.length = 0;
  vi.stubEnv('ANTHROPIC_API_KEY', '');
  vi.stubEnv('ANTHROPIC_API_BASE', '');
  vi.stubEnv('ANTHROPIC_BASE_URL', '');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createAnthropic', () => {
  it('is the anthropic provider that core lazy-loads', () => {
    expect(anthropic).toMatchObject({
      specificationVersion: 'v1',
      provider: 'anthropic',
      apiKeyEnvVar: 'ANTHROPIC_API_KEY',
    });
    expect(llmuxProviders).toEqual([anthropic]);
    expect(anthropic.chatModel('claude-sonnet-4-20250514')).toMatchObject({
      provider: 'anthropic',
      modelId: 'claude-sonnet-4-20250514',
    });
  });

  it('fails with AuthenticationError, without a network call, when there is no key', async () => {
    const fetch = vi.fn<FetchFunction>();
    const model = createAnthropic({ fetch }).chatModel('claude-sonnet-4-20250514');

    const error = await model.doGenerate(request, {}).catch((caught: unknown) => caught);
    const streamError = await model.doStream(request, {}).catch((caught: unknown) => caught);

    for (const caught of [error, streamError]) {
      expect(AuthenticationError.isInstance(caught)).toBe(true);
      expect(caught).toMatchObject({ status: 401, llmProvider: 'anthropic', isRetryable: false });
      expect((caught as Error).message).toContain('ANTHROPIC_API_KEY');
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reads ANTHROPIC_API_KEY and ANTHROPIC_API_BASE', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-env');
    vi.stubEnv('ANTHROPIC_API_BASE', `${server.url}/gateway`);

    await anthropic.chatModel('claude-sonnet-4-20250514').doGenerate(request, {});

    expect(server.calls[0]?.path).toBe('/gateway/v1/messages');
    expect(server.calls[0]?.headers['x-api-key']).toBe('sk-ant-env');
  });

  it('reads ANTHROPIC_BASE_URL when ANTHROPIC_API_BASE is unset', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-env');
    vi.stubEnv('ANTHROPIC_BASE_URL', `${server.url}/v1`);

    await anthropic.chatModel('claude-sonnet-4-20250514').doGenerate(request, {});

    expect(server.calls[0]?.path).toBe('/v1/messages');
  });

  it('lets settings override the env, and provider options sit in between', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-env');
    vi.stubEnv('ANTHROPIC_API_BASE', 'http://127.0.0.1:9/unused');
    const provider = createAnthropic({
      apiKey: 'sk-ant-provider',
      apiBase: `${server.url}/gateway`,
    });

    await provider.chatModel('claude-sonnet-4-20250514').doGenerate(request, {});
    await provider
      .chatModel('claude-sonnet-4-20250514', { apiKey: 'sk-ant-settings', apiBase: server.url })
      .doGenerate(request, {});

    expect(server.calls.map(call => [call.path, call.headers['x-api-key']])).toEqual([
      ['/gateway/v1/messages', 'sk-ant-provider'],
      ['/v1/messages', 'sk-ant-settings'],
    ]);
  });

  it('sends anthropic-beta and other extra headers from settings and the call', async () => {
    await createAnthropic({ headers: { 'X-Team': 'a' } })
      .chatModel('claude-sonnet-4-20250514', {
        apiKey: 'sk-ant-test',
        apiBase: server.url,
        headers: { 'anthropic-beta': 'context-1m-2025-08-07' },
      })
      .doGenerate(request, { headers: { 'x-trace': 't-1' } });

    expect(server.calls[0]?.headers).toMatchObject({
      'anthropic-beta': 'context-1m-2025-08-07',
      'anthropic-version': '2023-06-01',
      'x-team': 'a',
      'x-trace': 't-1',
    });
  });

  it('builds the messages URL from a base with or without /v1', () => {
    expect(anthropicMessagesURL('https://api.anthropic.com')).toBe(
      'https://api.anthropic.com/v1/messages',
    );
    expect(anthropicMessagesURL('https://api.anthropic.com/v1/')).toBe(
      'https://api.anthropic.com/v1/messages',
    );
    expect(anthropicMessagesURL('https://gw.example/anthropic/v1/messages')).toBe(
      'https://gw.example/anthropic/v1/messages',
    );
  });
});
