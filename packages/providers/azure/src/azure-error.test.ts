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
  convertReadableStreamToArray,
  createMockProviderServer,
  loadJsonFixture,
  type MockProviderServer,
  type MockResponse,
} from '@llmux/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzure } from './azure-provider.js';

interface CatalogueEntry {
  scenario: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  body_fragment?: unknown;
  sse?: string;
}

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

function catalogue(name: string): CatalogueEntry[] {
  return (loadJsonFixture(fixture(name)) as { entries: CatalogueEntry[] }).entries;
}

const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] };

let server: MockProviderServer;
let route = 0;

beforeAll(async () => {
  server = await createMockProviderServer();
});

afterAll(async () => {
  await server.close();
});

function createModel() {
  route += 1;
  return {
    path: `/${route}/openai/deployments/gpt-4o/chat/completions`,
    model: createAzure().chatModel('gpt-4o', {
      apiKey: 'azure-key',
      apiBase: `${server.url}/${route}`,
    }),
  };
}

/** Serves `response` on a fresh deployment URL and returns what `doGenerate` rejects with. */
async function errorFor(response: MockResponse): Promise<APIError> {
  const { path, model } = createModel();
  server.respond(`POST ${path}`, response);
  return model.doGenerate(request, {}).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: APIError) => error,
  );
}

/** Streams `events` after HTTP 200 and returns the stream's error part. */
async function streamErrorFor(events: string[]): Promise<APIError | undefined> {
  const { path, model } = createModel();
  server.respond(`POST ${path}`, { type: 'sse', events });
  const { stream } = await model.doStream(request, {});
  const parts = await convertReadableStreamToArray(stream);
  const last = parts.at(-1);
  return last?.type === 'error' ? last.error : undefined;
}

type Expectation = {
  errorClass: { isInstance(error: unknown): boolean };
  expected: Record<string, unknown>;
};

const expectedByScenario: Record<string, Expectation> = {
  '401 wrong key / endpoint': {
    errorClass: AuthenticationError,
    expected: { status: 401, isRetryable: false, providerCode: '401' },
  },
  '404 unknown deployment': {
    errorClass: NotFoundError,
    expected: { status: 404, isRetryable: false, providerCode: 'DeploymentNotFound' },
  },
  '429 deployment TPM quota': {
    errorClass: RateLimitError,
    expected: { status: 429, isRetryable: true, retryAfterMs: 86_400_000, providerCode: '429' },
  },
  '429 short-window rate limit (headers as pasted)': {
    errorClass: RateLimitError,
    expected: { status: 429, isRetryable: true, retryAfterMs: undefined, providerCode: '429' },
  },
  '400 prompt blocked by content filter': {
    errorClass: ContentPolicyViolationError,
    expected: {
      status: 400,
      isRetryable: false,
      param: 'prompt',
      providerCode: 'content_filter',
    },
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
  '401 Entra principal without a data-plane role': {
    errorClass: AuthenticationError,
    expected: { status: 401, isRetryable: false, providerCode: 'PermissionDenied' },
  },
  '403 network rules': {
    errorClass: PermissionDeniedError,
    expected: { status: 403, isRetryable: false, providerCode: '403' },
  },
  '500 server error': {
    errorClass: InternalServerError,
    expected: { status: 500, isRetryable: true, type: 'server_error', providerCode: null },
  },
  '503 service unavailable': {
    errorClass: ServiceUnavailableError,
    expected: {
      status: 503,
      isRetryable: true,
      retryAfterMs: 10_000,
      providerCode: 'ServiceUnavailable',
    },
  },
};

const httpEntries = [
  ...catalogue('errors.reconstructed.json'),
  ...catalogue('errors.more.reconstructed.json'),
].filter(entry => entry.body !== undefined);

describe('error catalogues', () => {
  it('has an expectation for every HTTP error entry', () => {
    expect(httpEntries.map(entry => entry.scenario).sort()).toEqual(
      Object.keys(expectedByScenario).sort(),
    );
  });

  for (const entry of httpEntries) {
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
        llmProvider: 'azure',
        model: 'gpt-4o',
        message: (entry.body as { error: { message: string } }).error.message,
      });
      expect(error.body).toEqual(entry.body);
      if (entry.headers['apim-request-id']) {
        expect(error.headers['apim-request-id']).toBe(entry.headers['apim-request-id']);
      }
    });
  }

  it('maps the in-stream error entry', async () => {
    const entry = catalogue('errors.more.reconstructed.json').find(candidate => candidate.sse);
    const error = await streamErrorFor([entry?.sse ?? '']);

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, isRetryable: true, llmProvider: 'azure' });
  });
});

describe('Azure refinements', () => {
  it('maps a content-management message without the code to a content-policy error', async () => {
    const error = await errorFor({
      type: 'json',
      status: 400,
      body: {
        error: {
          message:
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
          code: 'BadRequest',
        },
      },
    });

    expect(ContentPolicyViolationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, isRetryable: false });
  });

  it.each([
    ['innererror', { code: 'ResponsibleAIPolicyViolation' }],
    ['inner_error', { code: 'ResponsibleAIPolicyViolation' }],
  ])('reads the content-filter verdict from %s', async (field, inner) => {
    const error = await errorFor({
      type: 'json',
      status: 400,
      body: { error: { message: 'Blocked.', code: 'invalid_prompt', [field]: inner } },
    });

    expect(ContentPolicyViolationError.isInstance(error)).toBe(true);
  });

  it('keeps a 5xx that mentions the policy a server error', async () => {
    const error = await errorFor({
      type: 'json',
      status: 500,
      body: { error: { message: 'Failed to evaluate the content management policy.' } },
    });

    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
  });

  it('maps a content-filter error sent inside a stream, not retried', async () => {
    const error = await streamErrorFor([
      'data: {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI\'s content management policy.","code":"content_filter","innererror":{"code":"ResponsibleAIPolicyViolation"}}}\n\n',
    ]);

    expect(ContentPolicyViolationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, isRetryable: false });
  });

  it('maps DeploymentNotFound sent inside a stream to NotFoundError', async () => {
    const error = await streamErrorFor([
      'data: {"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}\n\n',
    ]);

    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 404,
      isRetryable: false,
      providerCode: 'DeploymentNotFound',
    });
  });

  it('keeps an Azure 400 without a filter verdict a plain BadRequestError', async () => {
    const error = await errorFor({
      type: 'json',
      status: 400,
      body: {
        error: {
          code: 'OperationNotSupported',
          message: 'The chatCompletion operation does not work with the specified model.',
        },
      },
    });

    expect(error.constructor).toBe(BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      isRetryable: false,
      providerCode: 'OperationNotSupported',
    });
  });
});
