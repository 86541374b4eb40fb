import { completion, type FetchFunction, providerPackages } from '@llmux/core';
import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGroq, groq, llmuxProviders } from './groq-provider.js';

const request = {
  model: 'llama-3.3-70b-versatile',
  messages: [{ role: 'user' as const, content: 'Hi' }],
};
const body = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'llama-3.3-70b-versatile',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
};

let server: MockProviderServer;

beforeAll(async () => {
  server = await createMockProviderServer();
  server.respond('POST /openai/v1/chat/completions', { type: 'json', body });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.calls.length = 0;
  vi.stubEnv('GROQ_API_KEY', '');
  vi.stubEnv('GROQ_API_BASE', '');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createGroq', () => {
  it('is the groq provider core lazy-loads', () => {
    expect(providerPackages.groq).toBe('@llmux/groq');
    expect(llmuxProviders).toEqual([groq]);
    expect(groq).toMatchObject({
      specificationVersion: 'v1',
      provider: 'groq',
      apiKeyEnvVar: 'GROQ_API_KEY',
    });
    expect(groq.embeddingModel).toBeUndefined();
  });

  it('calls https://api.groq.com/openai/v1 with GROQ_API_KEY', async () => {
    vi.stubEnv('GROQ_API_KEY', 'gsk-env');
    const fetch = vi.fn<FetchFunction>(
      async () =>
        new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
    );

    await groq.chatModel('llama-3.3-70b-versatile', { fetch }).doGenerate(request, {});

    expect(fetch.mock.calls[0]?.[0]).toBe('https://api.groq.com/openai/v1/chat/completions');
    expect(fetch.mock.calls[0]?.[1]?.headers).toMatchObject({ authorization: 'Bearer gsk-env' });
  });

  it('fails with a 401 naming GROQ_API_KEY, without a network call, when no key is set', async () => {
    const fetch = vi.fn<FetchFunction>();
    await expect(
      groq.chatModel('llama-3.3-70b-versatile', { fetch }).doGenerate(request, {}),
    ).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 401,
      llmProvider: 'groq',
      message: expect.stringMatching(/GROQ_API_KEY/),
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reads GROQ_API_BASE; settings and provider options override the env', async () => {
    vi.stubEnv('GROQ_API_KEY', 'gsk-env');
    vi.stubEnv('GROQ_API_BASE', `${server.url}/openai/v1`);
    await groq.chatModel('llama-3.3-70b-versatile').doGenerate(request, {});

    await createGroq({ apiKey: 'gsk-options', headers: { 'X-Team': 'a' } })
      .chatModel('llama-3.3-70b-versatile', { apiKey: 'gsk-model' })
      .doGenerate(request, { headers: { 'X-Call': 'c' } });

    expect(server.calls.map(call => call.headers.authorization)).toEqual([
      'Bearer gsk-env',
      'Bearer gsk-model',
    ]);
    expect(server.calls[1]?.headers).toMatchObject({ 'x-team': 'a', 'x-call': 'c' });
  });

  it('serves groq/<model> through core completion()', async () => {
    const response = await completion({
      model: 'groq/llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'Hi' }],
      api_key: 'gsk-test',
      api_base: `${server.url}/openai/v1`,
    });

    expect(response.choices[0]?.message.content).toBe('Hello');
    expect(server.calls[0]?.requestBodyJson).toMatchObject({ model: 'llama-3.3-70b-versatile' });
  });
});
