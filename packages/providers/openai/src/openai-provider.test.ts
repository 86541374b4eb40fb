import { AuthenticationError, type FetchFunction } from '@llmux/core';
import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOpenAI, llmuxProviders, openai } from './openai-provider.js';

const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] };
const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
};

let server: MockProviderServer;

beforeAll(async () => {
  server = await createMockProviderServer();
  server.respond('POST /v1/chat/completions', { type: 'json', body: completion });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.calls.length = 0;
  vi.stubEnv('OPENAI_API_KEY', '');
  vi.stubEnv('OPENAI_API_BASE', '');
  vi.stubEnv('OPENAI_BASE_URL', '');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createOpenAI', () => {
  it('is the openai provider that core lazy-loads', () => {
    expect(openai).toMatchObject({
      specificationVersion: 'v1',
      provider: 'openai',
      apiKeyEnvVar: 'OPENAI_API_KEY',
    });
    expect(llmuxProviders).toEqual([openai]);
    expect(openai.chatModel('gpt-4o')).toMatchObject({ provider: 'openai', modelId: 'gpt-4o' });
  });

  it('fails with AuthenticationError, without a network call, when OpenAI gets no key', async () => {
    const fetch = vi.fn<FetchFunction>();
    const model = createOpenAI({ fetch }).chatModel('gpt-4o');

    const error = await model.doGenerate(request, {}).catch((caught: unknown) => caught);
    const streamError = await model.doStream(request, {}).catch((caught: unknown) => caught);
    const embedError = await openai
      .embeddingModel('text-embedding-3-small', { fetch })
      .doEmbed({ model: 'text-embedding-3-small', input: 'a' }, {})
      .catch((caught: unknown) => caught);

    for (const caught of [error, streamError, embedError]) {
      expect(AuthenticationError.isInstance(caught)).toBe(true);
      expect(caught).toMatchObject({ status: 401, llmProvider: 'openai', isRetryable: false });
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends no Authorization to a custom api_base when no key is set (vLLM, LM Studio)', async () => {
    await openai.chatModel('gpt-4o', { apiBase: `${server.url}/v1` }).doGenerate(request, {});

    expect(server.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('sends OPENAI_API_KEY to a custom api_base when it is set', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');

    await openai.chatModel('gpt-4o', { apiBase: `${server.url}/v1` }).doGenerate(request, {});

    expect(server.calls[0]?.headers.authorization).toBe('Bearer sk-env');
  });

  it.each(['OPENAI_API_BASE', 'OPENAI_BASE_URL'])('reads the base URL from %s', async name => {
    vi.stubEnv(name, `${server.url}/v1`);

    await openai.chatModel('gpt-4o', { apiKey: 'sk-test' }).doGenerate(request, {});

    expect(server.calls[0]?.path).toBe('/v1/chat/completions');
  });

  it('lets model settings and call headers override the provider options', async () => {
    const provider = createOpenAI({
      apiKey: 'sk-provider',
      apiBase: 'http://127.0.0.1:9/unused',
      organization: 'org-provider',
      project: 'proj-1',
      headers: { 'X-Team': 'a', 'X-Keep': 'kept' },
    });

    await provider
      .chatModel('gpt-4o', {
        apiKey: 'sk-model',
        apiBase: `${server.url}/v1`,
        organization: 'org-model',
        headers: { 'x-team': 'b' },
      })
      .doGenerate(request, { headers: { 'X-Call': 'c' } });

    expect(server.calls[0]?.headers).toMatchObject({
      authorization: 'Bearer sk-model',
      'openai-organization': 'org-model',
      'openai-project': 'proj-1',
      'x-team': 'b',
      'x-keep': 'kept',
      'x-call': 'c',
    });
  });
});
