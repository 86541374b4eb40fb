import {
  AuthenticationError,
  BadRequestError,
  completion,
  embedding,
  type ModelSettingsV1,
} from '@llmux/core';
import {
  createMockProviderServer,
  loadJsonFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAzure, llmuxProviders } from './index.js';

const chatPath = '/openai/deployments/gpt-4o/chat/completions';

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

const completionBody = loadJsonFixture(fixture('chat-finish-length.json'));
const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] };

let server: MockProviderServer;

beforeEach(async () => {
  for (const name of [
    'AZURE_API_KEY',
    'AZURE_OPENAI_API_KEY',
    'AZURE_AD_TOKEN',
    'AZURE_API_BASE',
    'AZURE_OPENAI_ENDPOINT',
    'AZURE_API_VERSION',
  ]) {
    vi.stubEnv(name, '');
  }
  server = await createMockProviderServer();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

async function call(settings: ModelSettingsV1, deployment = 'gpt-4o') {
  await createAzure().chatModel(deployment, settings).doGenerate(request, {});
  return server.calls.at(-1);
}

describe('llmuxProviders', () => {
  it('serves the azure/ prefix', () => {
    expect(llmuxProviders.map(provider => provider.provider)).toEqual(['azure']);
    expect(llmuxProviders[0]?.apiKeyEnvVar).toBe('AZURE_API_KEY');
    expect(llmuxProviders[0]?.embeddingModel).toBeTypeOf('function');
  });
});

describe('api_base', () => {
  it('reads AZURE_API_BASE, then AZURE_OPENAI_ENDPOINT; api_base beats both', async () => {
    server.respond(`POST ${chatPath}`, { type: 'json', body: completionBody });
    server.respond(`POST /from-settings${chatPath}`, { type: 'json', body: completionBody });
    server.respond(`POST /endpoint${chatPath}`, { type: 'json', body: completionBody });

    vi.stubEnv('AZURE_OPENAI_ENDPOINT', `${server.url}/endpoint`);
    expect((await call({ apiKey: 'k' }))?.path).toBe(`/endpoint${chatPath}`);
    vi.stubEnv('AZURE_API_BASE', server.url);
    expect((await call({ apiKey: 'k' }))?.path).toBe(chatPath);
    expect((await call({ apiKey: 'k', apiBase: `${server.url}/from-settings` }))?.path).toBe(
      `/from-settings${chatPath}`,
    );
  });

  it.each([
    ['a trailing slash', '/'],
    ['a trailing /openai', '/openai/'],
    ['the deployment already in it', '/openai/deployments/gpt-4o'],
  ])('accepts an api_base with %s', async (_, suffix) => {
    server.respond(`POST ${chatPath}`, { type: 'json', body: completionBody });

    const received = await call({ apiKey: 'k', apiBase: `${server.url}${suffix}` });

    expect(`${received?.path}${received?.search}`).toBe(`${chatPath}?api-version=2024-10-21`);
  });

  it('fails with a BadRequestError naming api_base when none is set', async () => {
    const error = await createAzure()
      .chatModel('gpt-4o', { apiKey: 'k' })
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ param: 'api_base', llmProvider: 'azure', model: 'gpt-4o' });
    expect((error as Error).message).toBe(
      'No api_base for azure/gpt-4o: pass api_base or set AZURE_API_BASE / AZURE_OPENAI_ENDPOINT.',
    );
  });
});

describe('api key', () => {
  it('reads AZURE_API_KEY, then AZURE_OPENAI_API_KEY; api_key beats both', async () => {
    server.respond(`POST ${chatPath}`, { type: 'json', body: completionBody });

    vi.stubEnv('AZURE_OPENAI_API_KEY', 'openai-env-key');
    expect((await call({ apiBase: server.url }))?.headers['api-key']).toBe('openai-env-key');
    vi.stubEnv('AZURE_API_KEY', 'env-key');
    expect((await call({ apiBase: server.url }))?.headers['api-key']).toBe('env-key');
    expect((await call({ apiBase: server.url, apiKey: 'explicit' }))?.headers['api-key']).toBe(
      'explicit',
    );
  });

  it('fails with an AuthenticationError naming every way to authenticate', async () => {
    const error = await createAzure()
      .chatModel('gpt-4o', { apiBase: server.url })
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 401,
      isRetryable: false,
      llmProvider: 'azure',
      model: 'gpt-4o',
    });
    expect((error as Error).message).toBe(
      'No credentials for azure: pass api_key or azure_ad_token, or set AZURE_API_KEY (or AZURE_OPENAI_API_KEY) or AZURE_AD_TOKEN.',
    );
    expect(server.calls).toHaveLength(0);
  });
});

describe('api_version', () => {
  it('reads AZURE_API_VERSION; api_version beats it', async () => {
    server.respond(`POST ${chatPath}`, { type: 'json', body: completionBody });

    vi.stubEnv('AZURE_API_VERSION', '2024-06-01');
    expect((await call({ apiKey: 'k', apiBase: server.url }))?.search).toBe(
      '?api-version=2024-06-01',
    );
    expect(
      (await call({ apiKey: 'k', apiBase: server.url, apiVersion: '2025-01-01-preview' }))?.search,
    ).toBe('?api-version=2025-01-01-preview');
  });

  it.each([
    ['v1', ''],
    ['latest', ''],
    ['preview', '?api-version=preview'],
  ])(
    'api_version %s calls the /openai/v1 API with the deployment as model',
    async (apiVersion, search) => {
      server.respond('POST /openai/v1/chat/completions', { type: 'json', body: completionBody });

      const received = await call({ apiKey: 'k', apiBase: `${server.url}/openai/v1`, apiVersion });

      expect(received?.path).toBe('/openai/v1/chat/completions');
      expect(received?.search).toBe(search);
      expect(received?.requestBodyJson).toMatchObject({ model: 'gpt-4o' });
    },
  );
});

describe('provider options', () => {
  it('are defaults under each model’s settings', async () => {
    server.respond(`POST ${chatPath}`, { type: 'json', body: completionBody });
    const provider = createAzure({
      apiBase: server.url,
      apiKey: 'provider-key',
      apiVersion: '2024-06-01',
      headers: { 'x-team': 'search' },
    });

    await provider.chatModel('gpt-4o').doGenerate(request, {});
    await provider
      .chatModel('gpt-4o', { apiKey: 'model-key', apiVersion: '2024-10-21' })
      .doGenerate(request, {});

    expect(server.calls.map(received => [received.headers['api-key'], received.search])).toEqual([
      ['provider-key', '?api-version=2024-06-01'],
      ['model-key', '?api-version=2024-10-21'],
    ]);
    expect(server.calls[0]?.headers['x-team']).toBe('search');
  });
});

describe('through core', () => {
  it('completion() reaches azure/<deployment> with api_version and azure_ad_token', async () => {
    server.respond(`POST ${chatPath}`, { type: 'json', body: completionBody });

    const response = await completion({
      model: 'azure/gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      api_base: server.url,
      api_version: '2024-12-01-preview',
      azure_ad_token: 'entra-token',
    });

    expect(response.choices[0]?.finish_reason).toBe('length');
    const received = server.calls[0];
    expect(received?.search).toBe('?api-version=2024-12-01-preview');
    expect(received?.headers.authorization).toBe('Bearer entra-token');
    expect(received?.requestBodyJson).not.toHaveProperty('azure_ad_token');
  });

  it('embedding() calls the deployment’s /embeddings', async () => {
    const recorded = loadJsonFixture(fixture('embeddings.http.json')) as { body: unknown };
    server.respond('POST /openai/deployments/embed-small/embeddings', {
      type: 'json',
      body: recorded.body,
    });

    const response = await embedding({
      model: 'azure/embed-small',
      input: ['one'],
      api_base: server.url,
      api_key: 'k',
    });

    expect(response.data.length).toBeGreaterThan(0);
    expect(server.calls[0]?.search).toBe('?api-version=2024-10-21');
    expect(server.calls[0]?.headers['api-key']).toBe('k');
  });
});
