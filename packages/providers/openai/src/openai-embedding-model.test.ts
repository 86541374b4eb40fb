import {
  createMockProviderServer,
  loadJsonFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: { usage: { prompt_tokens: number; total_tokens: number }; data: unknown[] };
}

let server: MockProviderServer;

beforeEach(async () => {
  server = await createMockProviderServer();
});

afterEach(async () => {
  await server.close();
});

describe('doEmbed', () => {
  it('posts to /embeddings and returns the recorded vectors with usage', async () => {
    const recorded = loadJsonFixture(
      new URL('./__fixtures__/embeddings.http.json', import.meta.url),
    ) as HttpFixture;
    server.respond('POST /v1/embeddings', { type: 'json', ...recorded });
    const model = createOpenAI().embeddingModel('text-embedding-3-small', {
      apiKey: 'sk-test',
      apiBase: `${server.url}/v1`,
    });

    const result = await model.doEmbed(
      {
        model: 'text-embedding-3-small',
        input: 'hello',
        encoding_format: 'float',
        dimensions: 1536,
      },
      { headers: { 'x-trace': 'abc' } },
    );

    const call = server.calls[0];
    expect(call?.path).toBe('/v1/embeddings');
    expect(call?.requestBodyJson).toEqual({
      model: 'text-embedding-3-small',
      input: 'hello',
      encoding_format: 'float',
      dimensions: 1536,
    });
    expect(call?.headers).toMatchObject({ authorization: 'Bearer sk-test', 'x-trace': 'abc' });
    expect(result.response).toEqual(recorded.body);
    expect(result.usage).toEqual({
      promptTokens: recorded.body.usage.prompt_tokens,
      completionTokens: 0,
      totalTokens: recorded.body.usage.total_tokens,
      cachedReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.rawResponse.headers['openai-model']).toBe('text-embedding-3-small');
  });

  it('throws the mapped error on a non-2xx answer', async () => {
    server.respond('POST /v1/embeddings', {
      type: 'json',
      status: 401,
      body: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } },
    });
    const model = createOpenAI().embeddingModel('text-embedding-3-small', {
      apiKey: 'sk-bad',
      apiBase: `${server.url}/v1`,
    });

    await expect(
      model.doEmbed({ model: 'text-embedding-3-small', input: ['a'] }, {}),
    ).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 401,
      llmProvider: 'openai',
      model: 'text-embedding-3-small',
    });
  });
});
