import { embeddingResponseSchema, NotFoundError } from '@llmux/core';
import {
  createMockProviderServer,
  loadJsonFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAzure } from './azure-provider.js';

const embeddingsRoute = 'POST /openai/deployments/text-embedding-3-small/embeddings';

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: { data: Array<{ embedding: number[] }> };
}

let server: MockProviderServer;

beforeEach(async () => {
  vi.stubEnv('AZURE_API_VERSION', '');
  vi.stubEnv('AZURE_AD_TOKEN', '');
  server = await createMockProviderServer();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

function createModel() {
  return createAzure().embeddingModel('text-embedding-3-small', {
    apiKey: 'azure-key',
    apiBase: server.url,
  });
}

describe('doEmbed', () => {
  it('posts to the deployment’s /embeddings and returns the embeddings with usage', async () => {
    const recorded = loadJsonFixture(fixture('embeddings.http.json')) as HttpFixture;
    server.respond(embeddingsRoute, {
      type: 'json',
      headers: recorded.headers,
      body: recorded.body,
    });

    const result = await createModel().doEmbed(
      { model: 'text-embedding-3-small', input: ['one', 'two'], dimensions: 256 },
      {},
    );

    const call = server.calls[0];
    expect(`${call?.path}${call?.search}`).toBe(
      '/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21',
    );
    expect(call?.headers['api-key']).toBe('azure-key');
    expect(call?.requestBodyJson).toEqual({
      model: 'text-embedding-3-small',
      input: ['one', 'two'],
      dimensions: 256,
    });
    expect(embeddingResponseSchema.safeParse(result.response).success).toBe(true);
    expect(result.response).toEqual(recorded.body);
    expect(result.usage).toMatchObject({ promptTokens: 56, totalTokens: 56, completionTokens: 0 });
  });

  it('authenticates with azure_ad_token from the request, which stays out of the body', async () => {
    const recorded = loadJsonFixture(fixture('embeddings.http.json')) as HttpFixture;
    server.respond(embeddingsRoute, { type: 'json', body: recorded.body });

    await createModel().doEmbed(
      { model: 'text-embedding-3-small', input: 'one', azure_ad_token: 'entra-token' },
      {},
    );

    expect(server.calls[0]?.headers.authorization).toBe('Bearer entra-token');
    expect(server.calls[0]?.headers['api-key']).toBeUndefined();
    expect(server.calls[0]?.requestBodyJson).toEqual({
      model: 'text-embedding-3-small',
      input: 'one',
    });
  });

  it('maps an unknown deployment to NotFoundError', async () => {
    server.respond(embeddingsRoute, {
      type: 'json',
      status: 404,
      body: {
        error: {
          code: 'DeploymentNotFound',
          message: 'The API deployment for this resource does not exist.',
        },
      },
    });

    const error = await createModel()
      .doEmbed({ model: 'text-embedding-3-small', input: 'one' }, {})
      .catch((caught: unknown) => caught);

    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, llmProvider: 'azure', isRetryable: false });
  });
});
