import {
  AuthenticationError,
  BadRequestError,
  type ChatCompletionRequest,
  type FetchFunction,
  RateLimitError,
} from '@llmux/core';
import {
  convertReadableStreamToArray,
  createMockProviderServer,
  type MockProviderServer,
} from '@llmux/core/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  OpenAICompatibleProviderConfig,
  OpenAICompatibleRequestContext,
} from './openai-compatible-config.js';
import { refineError } from './openai-compatible-error.js';
import { createOpenAICompatibleProvider } from './openai-compatible-provider.js';

const request: ChatCompletionRequest = {
  model: 'acme-1',
  messages: [{ role: 'user', content: 'Hi' }],
};

const completion = {
  id: 'cmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'acme-1',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
  `data: ${JSON.stringify({
    id: 'c-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'acme-1',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  })}\n\n`;

let server: MockProviderServer;

beforeAll(async () => {
  server = await createMockProviderServer();
  server.respond('POST /v1/chat/completions', { type: 'json', body: completion });
  server.respond('POST /v1/embeddings', {
    type: 'json',
    body: {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
      model: 'acme-embed',
      usage: { prompt_tokens: 2, total_tokens: 2 },
    },
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.calls.length = 0;
  for (const name of ['ACME_API_KEY', 'ACME_KEY', 'ACME_API_BASE', 'ACME_BASE'])
    vi.stubEnv(name, '');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function acme(config: Partial<OpenAICompatibleProviderConfig> = {}) {
  return createOpenAICompatibleProvider({
    provider: 'acme',
    baseURL: 'http://127.0.0.1:9/never',
    apiKeyEnvVar: ['ACME_API_KEY', 'ACME_KEY'],
    apiBaseEnvVar: ['ACME_API_BASE', 'ACME_BASE'],
    ...config,
  });
}

describe('createOpenAICompatibleProvider', () => {
  it('describes itself as a ProviderV1', () => {
    const provider = acme();
    expect(provider).toMatchObject({
      specificationVersion: 'v1',
      provider: 'acme',
      apiKeyEnvVar: 'ACME_API_KEY',
    });
    expect(provider.embeddingModel).toBeUndefined();
    expect(provider.chatModel('acme-1')).toMatchObject({ provider: 'acme', modelId: 'acme-1' });
  });

  it('reads the key and base URL from the env vars in order', async () => {
    vi.stubEnv('ACME_KEY', 'second-key');
    vi.stubEnv('ACME_BASE', `${server.url}/v1`);

    await acme().chatModel('acme-1').doGenerate(request, {});

    expect(server.calls[0]?.path).toBe('/v1/chat/completions');
    expect(server.calls[0]?.headers.authorization).toBe('Bearer second-key');
  });

  it('lets settings beat the env vars, and provider options sit between', async () => {
    vi.stubEnv('ACME_API_KEY', 'env-key');
    vi.stubEnv('ACME_API_BASE', 'http://127.0.0.1:9/env');
    const provider = createOpenAICompatibleProvider(
      { provider: 'acme', apiKeyEnvVar: 'ACME_API_KEY', apiBaseEnvVar: 'ACME_API_BASE' },
      { apiKey: 'option-key', headers: { 'X-Option': 'o' } },
    );

    await provider
      .chatModel('acme-1', { apiBase: `${server.url}/v1/`, headers: { 'X-Model': 'm' } })
      .doGenerate(request, { headers: { 'X-Call': 'c' } });

    expect(server.calls[0]?.headers).toMatchObject({
      authorization: 'Bearer option-key',
      'content-type': 'application/json',
      'x-option': 'o',
      'x-model': 'm',
      'x-call': 'c',
    });
  });

  it('fails with AuthenticationError, without a network call, when the key is missing', async () => {
    const fetch = vi.fn<FetchFunction>();
    const error = await acme()
      .chatModel('acme-1', { fetch })
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, llmProvider: 'acme', isRetryable: false });
    expect((error as Error).message).toMatch(/ACME_API_KEY/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends no authorization header when the key is optional and unset', async () => {
    await acme({ apiKeyOptional: true })
      .chatModel('acme-1', { apiBase: `${server.url}/v1` })
      .doGenerate(request, {});

    expect(server.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('fails with a BadRequestError naming api_base when there is no base URL', async () => {
    const error = await acme({ baseURL: undefined, apiKeyOptional: true })
      .chatModel('acme-1')
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ param: 'api_base', llmProvider: 'acme' });
    expect((error as Error).message).toMatch(/ACME_API_BASE \/ ACME_BASE/);
  });

  it('uses the headers, url and modelInBody hooks (Azure-style deployments)', async () => {
    server.respond('POST /openai/deployments/my-gpt/chat/completions', {
      type: 'json',
      body: completion,
    });
    const provider = acme({
      headers: apiKey => ({ 'api-key': apiKey ?? '' }),
      url: ({ baseURL, path, modelId, settings }) =>
        `${baseURL}/openai/deployments/${modelId}${path}?api-version=${settings.apiVersion}`,
      modelInBody: false,
    });

    await provider
      .chatModel('my-gpt', { apiKey: 'azure-key', apiBase: server.url, apiVersion: '2024-10-21' })
      .doGenerate(request, {});

    const call = server.calls[0];
    expect(call?.path).toBe('/openai/deployments/my-gpt/chat/completions');
    expect(call?.search).toBe('?api-version=2024-10-21');
    expect(call?.headers['api-key']).toBe('azure-key');
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.requestBodyJson).not.toHaveProperty('model');
  });

  it('applies transformRequest last and transformResponse to the completion', async () => {
    const transformRequest = vi.fn(
      (body: Record<string, unknown>, _context: OpenAICompatibleRequestContext) => ({
        ...body,
        extra: 1,
      }),
    );
    const model = acme({
      transformRequest,
      transformResponse: response => ({ ...response, model: 'renamed' }),
    }).chatModel('acme-1', { apiKey: 'k', apiBase: `${server.url}/v1` });

    const result = await model.doGenerate({ ...request, temperature: 0.2 }, {});

    expect(server.calls[0]?.requestBodyJson).toEqual({
      model: 'acme-1',
      messages: request.messages,
      temperature: 0.2,
      stream: false,
      extra: 1,
    });
    expect(transformRequest.mock.calls[0]?.[1]).toMatchObject({ modelId: 'acme-1', stream: false });
    expect(result.response.model).toBe('renamed');
  });
});

describe('unsupported parameters', () => {
  const provider = acme({
    unsupportedParameters: [
      'logit_bias',
      {
        name: 'n',
        when: value => typeof value === 'number' && value > 1,
        reason: 'only n=1 is supported',
      },
    ],
  });
  const model = () => provider.chatModel('acme-1', { apiKey: 'k', apiBase: `${server.url}/v1` });

  it('rejects a set unsupported parameter with a BadRequestError naming it', async () => {
    const fetch = vi.fn<FetchFunction>();
    const error = await provider
      .chatModel('acme-1', { apiKey: 'k', fetch })
      .doGenerate({ ...request, logit_bias: { '50256': -100 } }, {})
      .catch((caught: unknown) => caught);

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      param: 'logit_bias',
      providerCode: 'unsupported_parameter',
      llmProvider: 'acme',
      isRetryable: false,
    });
    expect((error as Error).message).toMatch(/drop_params/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('applies `when`: n=1 passes, n=2 fails with the reason', async () => {
    await model().doGenerate({ ...request, n: 1 }, {});
    expect(server.calls[0]?.requestBodyJson).toMatchObject({ n: 1 });

    await expect(model().doStream({ ...request, n: 2 }, {})).rejects.toMatchObject({
      param: 'n',
      message: expect.stringMatching(/only n=1 is supported/),
    });
  });

  it('drops them silently with dropParams', async () => {
    await model().doGenerate(
      { ...request, n: 3, logit_bias: { '1': 1 }, temperature: 0 },
      { dropParams: true },
    );

    const body = server.calls[0]?.requestBodyJson as Record<string, unknown>;
    expect(body).not.toHaveProperty('n');
    expect(body).not.toHaveProperty('logit_bias');
    expect(body.temperature).toBe(0);
  });

  it('ignores parameters that are null', async () => {
    await model().doGenerate({ ...request, logit_bias: null }, {});
    expect(server.calls).toHaveLength(1);
  });
});

describe('response normalisation', () => {
  it('gives a tool-call message without content `content: null`', async () => {
    const toolMessage = {
      role: 'assistant',
      tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }],
    };
    server.respond('POST /u/chat/completions', {
      type: 'json',
      body: {
        ...completion,
        choices: [{ index: 0, message: toolMessage, finish_reason: 'tool_calls' }],
      },
    });

    const result = await acme()
      .chatModel('acme-1', { apiKey: 'k', apiBase: `${server.url}/u` })
      .doGenerate(request, {});

    expect(result.response.choices[0]?.message).toEqual({ ...toolMessage, content: null });
  });
});

describe('unsupported nested parameters', () => {
  it('reads and drops them through `read` and `drop`', async () => {
    const provider = acme({
      unsupportedParameters: [
        {
          name: 'messages[].name',
          read: body =>
            (body.messages as Array<{ name?: string }>).some(message => message.name)
              ? true
              : undefined,
          drop: body => ({
            ...body,
            messages: (body.messages as Array<Record<string, unknown>>).map(
              ({ name: _name, ...message }) => message,
            ),
          }),
        },
      ],
    });
    const model = provider.chatModel('acme-1', { apiKey: 'k', apiBase: `${server.url}/v1` });
    const named = { ...request, messages: [{ role: 'user' as const, content: 'Hi', name: 'a' }] };

    await expect(model.doGenerate(named, {})).rejects.toMatchObject({ param: 'messages[].name' });
    await model.doGenerate(named, { dropParams: true });
    await model.doGenerate(request, {});

    expect(server.calls.map(call => call.requestBodyJson)).toMatchObject([
      { messages: [{ role: 'user', content: 'Hi' }] },
      { messages: request.messages },
    ]);
    expect(JSON.stringify(server.calls[0]?.requestBodyJson)).not.toContain('"name"');
  });
});

describe('streaming options', () => {
  it('asks for usage by default and not when includeUsageInStream is false', async () => {
    server.respond('POST /s/chat/completions', {
      type: 'sse',
      events: [chunk({ content: 'a' }, 'stop'), 'data: [DONE]\n\n'],
    });
    const settings = { apiKey: 'k', apiBase: `${server.url}/s` };

    await convertReadableStreamToArray(
      (await acme().chatModel('acme-1', settings).doStream(request, {})).stream,
    );
    await convertReadableStreamToArray(
      (
        await acme({ includeUsageInStream: false })
          .chatModel('acme-1', settings)
          .doStream({ ...request, stream_options: { include_usage: false } }, {})
      ).stream,
    );

    expect(server.calls[0]?.requestBodyJson).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(server.calls[1]?.requestBodyJson).toMatchObject({
      stream: true,
      stream_options: { include_usage: false },
    });
  });

  it('runs transformChunk and drops rawData only from chunks it changed', async () => {
    server.respond('POST /t/chat/completions', {
      type: 'sse',
      events: [
        chunk({ role: 'assistant', content: '' }),
        ': keep-alive\n\n',
        chunk({ content: 'x' }, 'stop'),
        'data: [DONE]\n\n',
      ],
    });
    const model = acme({
      transformChunk: value =>
        value.choices[0]?.finish_reason ? { ...value, model: 'changed' } : value,
    }).chatModel('acme-1', { apiKey: 'k', apiBase: `${server.url}/t` });

    const parts = await convertReadableStreamToArray((await model.doStream(request, {})).stream);

    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatchObject({ type: 'chunk', rawData: expect.stringContaining('"role"') });
    expect(parts[1]).toMatchObject({ type: 'chunk', chunk: { model: 'changed' } });
    expect(parts[1]).not.toHaveProperty('rawData');
  });
});

describe('mapError', () => {
  const mapError: OpenAICompatibleProviderConfig['mapError'] = ({ error, details, status }) =>
    details.code === 'slow_down'
      ? refineError(error, RateLimitError, { status: status ?? 429 })
      : undefined;

  it('refines HTTP errors and in-stream errors', async () => {
    server.respond('POST /m/chat/completions', {
      type: 'json',
      status: 400,
      body: { error: { message: 'Slow down', code: 'slow_down' } },
    });
    server.respond('POST /n/chat/completions', {
      type: 'sse',
      events: [
        `data: ${JSON.stringify({ error: { message: 'Slow down', code: 'slow_down' } })}\n\n`,
      ],
    });
    const provider = acme({ mapError });

    const httpError = await provider
      .chatModel('acme-1', { apiKey: 'k', apiBase: `${server.url}/m` })
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);
    const parts = await convertReadableStreamToArray(
      (
        await provider
          .chatModel('acme-1', { apiKey: 'k', apiBase: `${server.url}/n` })
          .doStream(request, {})
      ).stream,
    );

    expect(RateLimitError.isInstance(httpError)).toBe(true);
    expect(httpError).toMatchObject({ status: 400, providerCode: 'slow_down', isRetryable: true });
    expect(parts).toHaveLength(1);
    expect(parts[0]?.type === 'error' && parts[0].error).toMatchObject({
      name: 'RateLimitError',
      status: 429,
    });
  });

  it('maps a 200 that carries an error envelope', async () => {
    server.respond('POST /o/chat/completions', {
      type: 'json',
      body: { error: { message: 'Provider returned error', code: 502 } },
    });

    const error = await acme()
      .chatModel('acme-1', { apiKey: 'k', apiBase: `${server.url}/o` })
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      name: 'InternalServerError',
      status: 502,
      message: 'Provider returned error',
      isRetryable: true,
    });
  });
});

describe('embeddings', () => {
  it('posts to /embeddings when supportsEmbeddings, honouring modelInBody', async () => {
    const provider = createOpenAICompatibleProvider({
      provider: 'acme',
      apiKeyOptional: true,
      supportsEmbeddings: true,
      modelInBody: false,
    });

    const result = await provider
      .embeddingModel('acme-embed', { apiBase: `${server.url}/v1` })
      .doEmbed({ model: 'acme-embed', input: ['a', 'b'] }, {});

    expect(server.calls[0]?.path).toBe('/v1/embeddings');
    expect(server.calls[0]?.requestBodyJson).toEqual({ input: ['a', 'b'] });
    expect(result.usage).toMatchObject({ promptTokens: 2, totalTokens: 2, completionTokens: 0 });
    expect(result.response.data[0]?.embedding).toEqual([0.1, 0.2]);
  });
});
