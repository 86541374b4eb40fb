import { BadRequestError, embeddingResponseSchema, type ModelSettingsV1 } from '@llmux/core';
import {
  createMockProviderServer,
  loadJsonFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOllama } from './ollama-provider.js';

const embedRoute = 'POST /api/embed';

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: { model: string; embeddings: number[][]; prompt_eval_count: number };
}

const recorded = loadJsonFixture(
  new URL('./__fixtures__/embed.http.json', import.meta.url),
) as HttpFixture;

let server: MockProviderServer;

beforeEach(async () => {
  server = await createMockProviderServer();
});

afterEach(async () => {
  await server.close();
});

function createModel(settings: ModelSettingsV1 = {}) {
  return createOllama().embeddingModel('all-minilm', { apiBase: server.url, ...settings });
}

function decodeBase64Floats(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.byteLength / 4 }, (_, index) =>
    view.getFloat32(index * 4, true),
  );
}

describe('doEmbed', () => {
  it('posts /api/embed and returns the recorded vectors as an OpenAI embedding list', async () => {
    server.respond(embedRoute, { type: 'json', status: recorded.status, body: recorded.body });

    // The recording answers four inputs (tidyllm's test did not store them).
    const input = ['one', 'two', 'three', 'four'];

    const result = await createModel().doEmbed({ model: 'all-minilm', input }, {});

    expect(server.calls[0]?.path).toBe('/api/embed');
    expect(server.calls[0]?.requestBodyJson).toEqual({ model: 'all-minilm', input });
    expect(embeddingResponseSchema.parse(result.response)).toEqual(result.response);
    expect(result.response.object).toBe('list');
    expect(result.response.model).toBe('all-minilm');
    expect(result.response.data.map(item => [item.object, item.index])).toEqual([
      ['embedding', 0],
      ['embedding', 1],
      ['embedding', 2],
      ['embedding', 3],
    ]);
    expect(result.response.data.map(item => item.embedding)).toEqual(recorded.body.embeddings);
    expect(result.response.data[1]?.embedding).toHaveLength(384);
    expect(result.response.usage).toEqual({ prompt_tokens: 54, total_tokens: 54 });
    expect(result.usage).toEqual({
      promptTokens: 54,
      completionTokens: 0,
      totalTokens: 54,
      cachedReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.rawResponse.status).toBe(200);
  });

  it("encodes vectors as base64 float32 for encoding_format 'base64' (the openai client's default)", async () => {
    server.respond(embedRoute, { type: 'json', body: recorded.body });

    const result = await createModel().doEmbed(
      { model: 'all-minilm', input: 'Why is the sky blue?', encoding_format: 'base64' },
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toEqual({
      model: 'all-minilm',
      input: 'Why is the sky blue?',
    });
    const encoded = result.response.data[0]?.embedding;
    expect(typeof encoded).toBe('string');
    const decoded = decodeBase64Floats(encoded as string);
    const expected = recorded.body.embeddings[0] ?? [];
    expect(decoded).toHaveLength(expected.length);
    decoded.forEach((value, index) => {
      expect(value).toBeCloseTo(expected[index] ?? Number.NaN, 6);
    });
  });

  it('passes dimensions, truncate and keep_alive through; ignores user', async () => {
    server.respond(embedRoute, { type: 'json', body: recorded.body });

    await createModel().doEmbed(
      {
        model: 'all-minilm',
        input: 'a',
        dimensions: 128,
        user: 'u1',
        truncate: false,
        keep_alive: '1m',
      } as Parameters<ReturnType<typeof createModel>['doEmbed']>[0],
      {},
    );

    expect(server.calls[0]?.requestBodyJson).toEqual({
      model: 'all-minilm',
      input: 'a',
      dimensions: 128,
      truncate: false,
      keep_alive: '1m',
    });
  });

  it('reads a missing prompt_eval_count as 0', async () => {
    server.respond(embedRoute, {
      type: 'json',
      body: { model: 'all-minilm', embeddings: [[0.1, 0.2]] },
    });

    const result = await createModel().doEmbed({ model: 'all-minilm', input: 'a' }, {});

    expect(result.usage.promptTokens).toBe(0);
    expect(result.response.usage).toEqual({ prompt_tokens: 0, total_tokens: 0 });
  });

  it('rejects token-id input, even with drop_params, without calling Ollama', async () => {
    const error = await createModel()
      .doEmbed({ model: 'all-minilm', input: [1, 2, 3] }, { dropParams: true })
      .catch((caught: unknown) => caught);

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ param: 'input', status: 400, llmProvider: 'ollama' });
    expect(server.calls).toHaveLength(0);
  });
});

describe('doEmbed errors', () => {
  it('turns an error object in a 200 answer into an error', async () => {
    server.respond(embedRoute, { type: 'json', body: { error: 'server busy, please try again.' } });

    const error = await createModel()
      .doEmbed({ model: 'all-minilm', input: 'a' }, {})
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      name: 'ServiceUnavailableError',
      status: 503,
      isRetryable: true,
      message: 'server busy, please try again.',
    });
  });
});
