import {
  type APIError,
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from '@llmux/core';
import {
  createMockProviderServer,
  loadJsonFixture,
  type MockProviderServer,
  type MockResponse,
} from '@llmux/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicStreamError } from './anthropic-error.js';
import { createAnthropic } from './anthropic-provider.js';

interface CatalogueEntry {
  scenario: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  sse?: string;
}

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

const catalogue = loadJsonFixture(fixture('errors.reconstructed.json')) as {
  entries: CatalogueEntry[];
};

function entry(scenario: string): CatalogueEntry {
  const found = catalogue.entries.find(candidate => candidate.scenario === scenario);
  if (!found) throw new Error(`no catalogue entry '${scenario}'`);
  return found;
}

const request = {
  model: 'claude-sonnet-4-20250514',
  messages: [{ role: 'user' as const, content: 'Hi' }],
};

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
  server.respond(`POST /${route}/v1/messages`, response);
  const model = createAnthropic().chatModel('claude-sonnet-4-20250514', {
    apiKey: 'sk-ant-test',
    apiBase: `${server.url}/${route}`,
  });
  return model.doGenerate(request, {}).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as APIError,
  );
}

function catalogueResponse(scenario: string, headers?: Record<string, string>): MockResponse {
  const { status, body } = entry(scenario);
  return { type: 'json', status, headers: { ...entry(scenario).headers, ...headers }, body };
}

describe('Anthropic errors', () => {
  it('maps the recorded 400 invalid_request_error to BadRequestError', async () => {
    const recorded = loadJsonFixture(fixture('error-400-invalid-request.http.json')) as HttpFixture;
    const error = await errorFor({ type: 'json', ...recorded });

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(ContextWindowExceededError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({
      status: 400,
      llmProvider: 'anthropic',
      model: 'claude-sonnet-4-20250514',
      providerCode: 'invalid_request_error',
      isRetryable: false,
      message:
        "This model does not support effort level 'xhigh'. Supported levels: high, low, max, medium.",
    });
    expect(error.body).toEqual(recorded.body);
  });

  it('maps the recorded 404 not_found_error to NotFoundError', async () => {
    const recorded = loadJsonFixture(fixture('error-404-not-found.http.json')) as HttpFixture;
    const error = await errorFor({ type: 'json', ...recorded });

    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 404,
      isRetryable: false,
      message: 'model: claude-does-not-exist',
    });
  });

  it('maps 401 authentication_error to AuthenticationError', async () => {
    const error = await errorFor(catalogueResponse('401 bad key'));

    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 401,
      isRetryable: false,
      providerCode: 'authentication_error',
      message: 'invalid x-api-key',
    });
    expect(error.headers['request-id']).toBe('req_<id>');
  });

  it('maps 403 permission_error to PermissionDeniedError', async () => {
    // Type from https://docs.anthropic.com/en/api/errors
    const error = await errorFor({
      type: 'json',
      status: 403,
      body: {
        type: 'error',
        error: { type: 'permission_error', message: 'Your API key does not have permission.' },
      },
    });

    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, isRetryable: false });
  });

  it('maps 413 request_too_large to a non-retryable BadRequestError with status 413', async () => {
    const error = await errorFor(catalogueResponse('413 request too large'));

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 413,
      isRetryable: false,
      providerCode: 'request_too_large',
    });
  });

  it('maps 429 rate_limit_error to RateLimitError with retry-after', async () => {
    // The catalogue's retry-after is a placeholder; a concrete value shows it is read.
    const error = await errorFor(catalogueResponse('429 rate limited', { 'retry-after': '7' }));

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, isRetryable: true });
    expect(error.retryAfterMs).toBe(7000);
    expect(error.headers['anthropic-ratelimit-input-tokens-remaining']).toBe('0');
  });

  it('does not retry a 429 that is a spend cap', async () => {
    const error = await errorFor({
      type: 'json',
      status: 429,
      body: {
        type: 'error',
        error: {
          type: 'rate_limit_error',
          message: 'Spend limit reached.',
          details: { error_code: 'enforced_spend_limit_reached' },
        },
      },
    });

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
  });

  it('maps "prompt is too long" to ContextWindowExceededError', async () => {
    const error = await errorFor(catalogueResponse('400 prompt too long'));

    expect(ContextWindowExceededError.isInstance(error)).toBe(true);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      isRetryable: false,
      message: 'prompt is too long: 208310 tokens > 200000 maximum',
    });
  });

  it('maps a content filtering block to ContentPolicyViolationError', async () => {
    const error = await errorFor({
      type: 'json',
      status: 400,
      body: {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'Output blocked by content filtering policy',
        },
      },
    });

    expect(ContentPolicyViolationError.isInstance(error)).toBe(true);
    expect(error.status).toBe(400);
  });

  it('maps 500 api_error to a retryable InternalServerError', async () => {
    const error = await errorFor(catalogueResponse('500 internal'));

    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, isRetryable: true, providerCode: 'api_error' });
  });

  it('maps 529 overloaded_error to a retryable ServiceUnavailableError', async () => {
    const error = await errorFor(catalogueResponse('529 overloaded'));

    expect(ServiceUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 529,
      isRetryable: true,
      providerCode: 'overloaded_error',
      message: 'Overloaded',
    });
  });

  it('honours x-should-retry and survives a body that is not JSON', async () => {
    const error = await errorFor({
      type: 'raw',
      status: 502,
      headers: { 'x-should-retry': 'false', 'content-type': 'text/html' },
      body: '<html>Bad gateway</html>',
    });

    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 502,
      isRetryable: false,
      message: '<html>Bad gateway</html>',
    });
  });
});

describe('createAnthropicStreamError', () => {
  it.each([
    ['overloaded_error', 529, ServiceUnavailableError, true],
    ['api_error', 500, InternalServerError, true],
    ['rate_limit_error', 429, RateLimitError, true],
    ['invalid_request_error', 400, BadRequestError, false],
    ['something_new', 500, InternalServerError, true],
  ] as const)('gives %s status %i', (type, status, ErrorClass, isRetryable) => {
    const error = createAnthropicStreamError({
      details: { type, message: 'Oops' },
      body: {},
      llmProvider: 'anthropic',
      model: 'claude-sonnet-4-20250514',
    });

    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status, isRetryable, message: 'Oops' });
  });
});
