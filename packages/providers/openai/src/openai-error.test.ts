import {
  type APIError,
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  RateLimitError,
  ServiceUnavailableError,
} from '@llmux/core';
import {
  convertReadableStreamToArray,
  createMockProviderServer,
  loadJsonFixture,
  type MockProviderServer,
  type MockResponse,
} from '@llmux/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIStreamError } from './openai-error.js';
import { createOpenAI } from './openai-provider.js';

interface CatalogueEntry {
  scenario: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  sse?: string;
}

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

const catalogue = loadJsonFixture(fixture('errors.reconstructed.json')) as {
  entries: CatalogueEntry[];
};

const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] };

let server: MockProviderServer;
let route = 0;

beforeAll(async () => {
  server = await createMockProviderServer();
});

afterAll(async () => {
  await server.close();
});

/** Serves `response` on a fresh path and returns what `doGenerate` rejects with. */
async function errorFor(response: MockResponse): Promise<APIError> {
  route += 1;
  server.respond(`POST /${route}/chat/completions`, response);
  const model = createOpenAI().chatModel('gpt-4o', {
    apiKey: 'sk-test',
    apiBase: `${server.url}/${route}`,
  });
  return model.doGenerate(request, {}).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: APIError) => error,
  );
}

const expectedByScenario: Record<
  string,
  { errorClass: { isInstance(error: unknown): boolean }; expected: Record<string, unknown> }
> = {
  '401 bad key': {
    errorClass: AuthenticationError,
    expected: {
      status: 401,
      isRetryable: false,
      type: 'invalid_request_error',
      providerCode: 'invalid_api_key',
    },
  },
  '429 per-minute token limit': {
    errorClass: RateLimitError,
    expected: {
      status: 429,
      isRetryable: true,
      retryAfterMs: 19_000,
      providerCode: 'rate_limit_exceeded',
    },
  },
  '429 quota/billing exhausted (do NOT retry)': {
    errorClass: RateLimitError,
    expected: { status: 429, isRetryable: false, providerCode: 'insufficient_quota' },
  },
  '400 context length': {
    errorClass: ContextWindowExceededError,
    expected: {
      status: 400,
      isRetryable: false,
      param: 'messages',
      providerCode: 'context_length_exceeded',
    },
  },
  '500 server error': {
    errorClass: InternalServerError,
    expected: { status: 500, isRetryable: true, type: 'server_error', providerCode: null },
  },
  'error inside an SSE stream (HTTP 200 already sent)': {
    errorClass: InternalServerError,
    expected: { status: 500, isRetryable: true, type: 'server_error' },
  },
};

describe('errors.reconstructed.json', () => {
  it('has an expectation for every entry', () => {
    expect(catalogue.entries.map(entry => entry.scenario).sort()).toEqual(
      Object.keys(expectedByScenario).sort(),
    );
  });

  for (const entry of catalogue.entries.filter(entry => entry.sse === undefined)) {
    it(`maps ${entry.scenario}`, async () => {
      const { errorClass, expected } = expectedByScenario[entry.scenario] ?? {};
      const error = await errorFor({
        type: 'json',
        status: entry.status,
        headers: entry.headers,
        body: entry.body,
      });
      expect(errorClass?.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        ...expected,
        llmProvider: 'openai',
        model: 'gpt-4o',
        message: (entry.body as { error: { message: string } }).error.message,
      });
      expect(error.body).toEqual(entry.body);
    });
  }

  it('maps the in-stream error entry', async () => {
    const entry = catalogue.entries.find(candidate => candidate.sse !== undefined);
    const { errorClass, expected } = expectedByScenario[entry?.scenario ?? ''] ?? {};
    server.respond('POST /in-stream/chat/completions', {
      type: 'sse',
      headers: entry?.headers,
      events: [entry?.sse ?? ''],
    });
    const model = createOpenAI().chatModel('gpt-4o', {
      apiKey: 'sk-test',
      apiBase: `${server.url}/in-stream`,
    });

    const { stream } = await model.doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts).toHaveLength(1);
    const error = parts[0]?.type === 'error' ? parts[0].error : undefined;
    expect(errorClass?.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ ...expected, llmProvider: 'openai', model: 'gpt-4o' });
  });
});

describe('recorded 400s', () => {
  it('maps error-400-invalid-request.http.json', async () => {
    const recorded = loadJsonFixture(fixture('error-400-invalid-request.http.json')) as {
      status: number;
      headers: Record<string, string>;
      body: unknown;
    };
    const error = await errorFor({ type: 'json', ...recorded });

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(ContextWindowExceededError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({
      status: 400,
      llmProvider: 'openai',
      isRetryable: false,
      type: 'invalid_request_error',
      param: 'web_search_options',
      providerCode: null,
      message: 'Web search options not supported with this model.',
    });
    expect(error.headers['openai-processing-ms']).toBe('23');
  });

  it('maps error-400-unsupported-parameter.json', async () => {
    const body = loadJsonFixture(fixture('error-400-unsupported-parameter.json'));
    const error = await errorFor({ type: 'json', status: 400, body });

    expect(error.name).toBe('BadRequestError');
    expect(error).toMatchObject({
      status: 400,
      llmProvider: 'openai',
      isRetryable: false,
      param: 'max_tokens',
      providerCode: 'unsupported_parameter',
    });
    expect(error.message).toMatch(/^Unsupported parameter: 'max_tokens'/);
  });
});

describe('refinements', () => {
  it('reads a context-window error from the message alone', async () => {
    const error = await errorFor({
      type: 'json',
      status: 400,
      body: {
        error: { message: "This model's maximum context length is 8192 tokens.", code: null },
      },
    });
    expect(ContextWindowExceededError.isInstance(error)).toBe(true);
  });

  it.each(['content_policy_violation', 'content_filter'])(
    'maps code %s to a content-policy error',
    async code => {
      const error = await errorFor({
        type: 'json',
        status: 400,
        body: {
          error: { message: 'Your request was rejected.', type: 'invalid_request_error', code },
        },
      });
      expect(ContentPolicyViolationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 400, isRetryable: false, providerCode: code });
    },
  );

  it('honours x-should-retry', async () => {
    const notRetried = await errorFor({
      type: 'json',
      status: 500,
      headers: { 'x-should-retry': 'false' },
      body: { error: { message: 'no' } },
    });
    const retried = await errorFor({
      type: 'json',
      status: 409,
      headers: { 'x-should-retry': 'true', 'retry-after-ms': '250' },
      body: { error: { message: 'yes' } },
    });
    expect(notRetried.isRetryable).toBe(false);
    expect(retried).toMatchObject({ isRetryable: true, retryAfterMs: 250 });
  });

  it('falls back to the raw text when the body is not an OpenAI error', async () => {
    const error = await errorFor({
      type: 'raw',
      status: 503,
      headers: { 'content-type': 'text/html' },
      body: '<html>upstream overloaded</html>',
    });
    expect(ServiceUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 503,
      isRetryable: true,
      message: '<html>upstream overloaded</html>',
    });
  });

  it('reads top-level errors from OpenAI-compatible servers', async () => {
    const error = await errorFor({
      type: 'json',
      status: 400,
      body: {
        object: 'error',
        message: 'max_tokens is too large',
        type: 'BadRequestError',
        code: 400,
      },
    });
    expect(error).toMatchObject({
      name: 'BadRequestError',
      message: 'max_tokens is too large',
      providerCode: '400',
    });
  });
});

describe('createOpenAIStreamError', () => {
  const context = { llmProvider: 'openai', model: 'gpt-4o' };

  it('infers the class from the payload when there is no HTTP status', () => {
    const quota = createOpenAIStreamError({
      ...context,
      data: '{"error":{"message":"quota","type":"insufficient_quota","code":"insufficient_quota"}}',
    });
    const invalid = createOpenAIStreamError({
      ...context,
      data: '{"error":{"message":"bad","type":"invalid_request_error"}}',
    });
    const numeric = createOpenAIStreamError({
      ...context,
      data: '{"error":{"message":"gone","code":503}}',
    });
    const text = createOpenAIStreamError({ ...context, data: 'upstream died' });

    expect(quota).toMatchObject({ name: 'RateLimitError', status: 429, isRetryable: false });
    expect(invalid).toMatchObject({ name: 'BadRequestError', status: 400, isRetryable: false });
    expect(numeric).toMatchObject({
      name: 'ServiceUnavailableError',
      status: 503,
      isRetryable: true,
    });
    expect(text).toMatchObject({
      name: 'InternalServerError',
      message: 'upstream died',
      isRetryable: true,
    });
  });
});
