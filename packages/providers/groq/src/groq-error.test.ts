import {
  type APIError,
  AuthenticationError,
  BadRequestError,
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
import { createGroq } from './groq-provider.js';

interface Entry {
  scenario: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  body_raw?: string;
}

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

const entries = [
  ...(loadJsonFixture(fixture('errors.reconstructed.json')) as { entries: Entry[] }).entries,
  ...(loadJsonFixture(fixture('errors.docs.json')) as { entries: Entry[] }).entries,
];

function entry(scenario: string): Entry {
  const found = entries.find(candidate => candidate.scenario === scenario);
  if (!found) throw new Error(`no entry ${scenario}`);
  return found;
}

function responseOf(
  recorded: Entry,
  headers: Record<string, string> = recorded.headers,
): MockResponse {
  return recorded.body_raw !== undefined
    ? { type: 'raw', status: recorded.status, headers, body: recorded.body_raw }
    : { type: 'json', status: recorded.status, headers, body: recorded.body };
}

const request = {
  model: 'llama-3.3-70b-versatile',
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

async function errorFor(response: MockResponse): Promise<APIError> {
  route += 1;
  server.respond(`POST /${route}/chat/completions`, response);
  const model = createGroq().chatModel('llama-3.3-70b-versatile', {
    apiKey: 'gsk-test',
    apiBase: `${server.url}/${route}`,
  });
  return model.doGenerate(request, {}).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: APIError) => error,
  );
}

describe('recorded errors', () => {
  it('maps the recorded 404 model_not_found', async () => {
    const recorded = loadJsonFixture(fixture('error-404-model-not-found.http.json')) as Entry;
    const error = await errorFor(responseOf(recorded));

    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 404,
      llmProvider: 'groq',
      model: 'llama-3.3-70b-versatile',
      providerCode: 'model_not_found',
      type: 'invalid_request_error',
      isRetryable: false,
      message: 'The model `non-existent` does not exist or you do not have access to it.',
    });
  });

  it('maps the recorded 400 tool_use_failed, keeping failed_generation in the body', async () => {
    const recorded = loadJsonFixture(fixture('error-400-tool-use-failed.http.json')) as Entry;
    const error = await errorFor(responseOf(recorded));

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(ContextWindowExceededError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({
      status: 400,
      providerCode: 'tool_use_failed',
      isRetryable: false,
    });
    expect(error.message).toMatch(/^Tool call validation failed/);
    expect(error.body).toEqual(recorded.body);
  });
});

describe('documented statuses', () => {
  it.each([
    ['401 bad key', AuthenticationError, 401, false],
    ['403 permission', PermissionDeniedError, 403, false],
    ['400 context length', ContextWindowExceededError, 400, false],
    ['413 request too large', BadRequestError, 413, false],
    ['498 flex capacity exceeded', ServiceUnavailableError, 498, true],
    ['500 internal', InternalServerError, 500, true],
    ['502 bad gateway', InternalServerError, 502, true],
    ['503 over capacity', ServiceUnavailableError, 503, true],
  ] as const)('maps %s', async (scenario, errorClass, status, isRetryable) => {
    const error = await errorFor(responseOf(entry(scenario)));

    expect(errorClass.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status, isRetryable, llmProvider: 'groq' });
  });

  it('maps a 429 with retry-after to a retryable RateLimitError', async () => {
    const recorded = entry('429 TPM exceeded');
    const error = await errorFor(
      responseOf(recorded, { 'retry-after': '6', 'x-ratelimit-remaining-tokens': '0' }),
    );

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      isRetryable: true,
      retryAfterMs: 6000,
      providerCode: 'rate_limit_exceeded',
    });
    expect(error.headers['x-ratelimit-remaining-tokens']).toBe('0');
  });

  it('keeps the HTML body of a 502 as the message', async () => {
    const error = await errorFor(responseOf(entry('502 bad gateway')));
    expect(error.message).toMatch(/502 Bad Gateway/);
  });
});
