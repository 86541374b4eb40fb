import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  type ChatCompletionRequest,
  ContextWindowExceededError,
  type FetchFunction,
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
} from '@llmux/core/test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOllama } from './ollama-provider.js';

interface CatalogueEntry {
  scenario: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const catalogue = (
  loadJsonFixture(new URL('./__fixtures__/errors.reconstructed.json', import.meta.url)) as {
    entries: CatalogueEntry[];
  }
).entries.filter(entry => entry.status !== 200);

function entry(scenario: string): CatalogueEntry {
  const found = catalogue.find(candidate => candidate.scenario === scenario);
  if (!found) throw new Error(`No catalogue entry '${scenario}'`);
  return found;
}

const request: ChatCompletionRequest = {
  model: 'llama3.2',
  messages: [{ role: 'user', content: 'Hi' }],
};

let server: MockProviderServer;

beforeAll(async () => {
  server = await createMockProviderServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.calls.length = 0;
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
}

async function chatError(
  route: string,
  response: Parameters<MockProviderServer['respond']>[1],
): Promise<unknown> {
  server.respond(route, response);
  return rejection(
    createOllama()
      .chatModel('llama3.2', { apiBase: `${server.url}/${route.split('/')[1]}` })
      .doGenerate(request, {}),
  );
}

let routeCounter = 0;
/** A fresh route per test, so queued answers never leak between tests. */
function uniqueRoute(): string {
  routeCounter += 1;
  return `POST /t${routeCounter}/api/chat`;
}

describe('HTTP errors (errors.reconstructed.json)', () => {
  it.each([
    [
      '404 model not pulled (scheduler path)',
      NotFoundError,
      false,
      'model "llama3.2" not found, try pulling it first',
    ],
    [
      '404 model not found (request validation path)',
      NotFoundError,
      false,
      "model 'llama3.2' not found",
    ],
    [
      '400 capability missing (e.g. tools on a model without tool support)',
      BadRequestError,
      false,
      '<model> does not support tools',
    ],
    [
      '400 embed input longer than context with truncate=false',
      ContextWindowExceededError,
      false,
      'the input length exceeds the context length',
    ],
    [
      '503 queue full',
      ServiceUnavailableError,
      true,
      'server busy, please try again.  maximum pending requests exceeded',
    ],
    ['499 client cancelled', BadRequestError, false, 'request canceled'],
  ] as const)('maps %s', async (scenario, ErrorClass, isRetryable, message) => {
    const recorded = entry(scenario);
    const error = await chatError(uniqueRoute(), {
      type: 'json',
      status: recorded.status,
      headers: recorded.headers,
      body: recorded.body,
    });

    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: recorded.status,
      llmProvider: 'ollama',
      model: 'llama3.2',
      isRetryable,
      message,
      body: recorded.body,
    });
  });

  it("names 'tools' as the param when the model cannot call tools", async () => {
    const error = await chatError(uniqueRoute(), {
      type: 'json',
      status: 400,
      body: { error: 'registry.ollama.ai/library/gemma2:latest does not support tools' },
    });

    expect(error).toMatchObject({ name: 'BadRequestError', param: 'tools' });
  });

  it.each([
    [401, AuthenticationError, false, 'unauthorized'],
    [403, PermissionDeniedError, false, 'this model requires a subscription'],
    [500, InternalServerError, true, 'llama runner process has terminated: exit status 2'],
    [502, InternalServerError, true, 'cloud model unreachable'],
  ] as const)('maps %i to %s', async (status, ErrorClass, isRetryable, message) => {
    const error = await chatError(uniqueRoute(), {
      type: 'json',
      status,
      body: { error: message },
    });

    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status, isRetryable, message });
  });

  it('maps 429 to RateLimitError and surfaces retry-after', async () => {
    const error = await chatError(uniqueRoute(), {
      type: 'json',
      status: 429,
      headers: { 'retry-after': '12' },
      body: { error: 'you have reached your hourly usage limit' },
    });

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, isRetryable: true });
    expect((error as RateLimitError).retryAfterMs).toBe(12_000);
    expect((error as RateLimitError).headers['retry-after']).toBe('12');
  });

  it('reads an OpenAI-style envelope from a proxy in front of Ollama', async () => {
    const error = await chatError(uniqueRoute(), {
      type: 'json',
      status: 400,
      body: { error: { message: 'prompt is too long for the context window', type: 'x' } },
    });

    expect(ContextWindowExceededError.isInstance(error)).toBe(true);
  });

  it("explains a plain-text 404 (api_base not at Ollama's root)", async () => {
    const error = await chatError(uniqueRoute(), {
      type: 'raw',
      status: 404,
      headers: { 'content-type': 'text/plain' },
      body: '404 page not found',
    });

    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^404 page not found \(POST http:\/\/127\.0\.0\.1:\d+\/t\d+\/api\/chat: is api_base the Ollama server root/,
    );
  });

  it('maps an empty 500 body to InternalServerError', async () => {
    const error = await chatError(uniqueRoute(), {
      type: 'raw',
      status: 500,
      headers: {},
      body: '',
    });

    expect(error).toMatchObject({
      name: 'InternalServerError',
      message: '500 status code (no body)',
    });
  });

  it('maps embedding errors the same way', async () => {
    const recorded = entry('400 embed input longer than context with truncate=false');
    server.respond('POST /embed-error/api/embed', {
      type: 'json',
      status: recorded.status,
      body: recorded.body,
    });

    const error = await rejection(
      createOllama()
        .embeddingModel('all-minilm', { apiBase: `${server.url}/embed-error` })
        .doEmbed({ model: 'all-minilm', input: 'x'.repeat(10) }, {}),
    );

    expect(ContextWindowExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, llmProvider: 'ollama', model: 'all-minilm' });
  });
});

describe('connection errors', () => {
  async function closedPort(): Promise<number> {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const address = probe.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>(resolve => probe.close(() => resolve()));
    return port;
  }

  it('says nothing listens at the address and how to start Ollama when the connection is refused', async () => {
    const port = await closedPort();
    const apiBase = `http://127.0.0.1:${port}`;
    const model = createOllama({ provider: 'ollama_chat' }).chatModel('llama3.2', { apiBase });

    for (const pending of [model.doGenerate(request, {}), model.doStream(request, {})]) {
      const error = await rejection(pending);
      expect(APIConnectionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        llmProvider: 'ollama_chat',
        model: 'llama3.2',
        isRetryable: true,
      });
      expect((error as Error).message).toBe(
        `Cannot reach Ollama for ollama_chat/llama3.2: nothing is listening at ${apiBase} (connection refused). Start Ollama (\`ollama serve\`, or open the Ollama app), or point api_base / OLLAMA_API_BASE at the server where it runs.`,
      );
    }
  });

  it('says so for embeddings too', async () => {
    const port = await closedPort();
    const error = await rejection(
      createOllama()
        .embeddingModel('all-minilm', { apiBase: `127.0.0.1:${port}` })
        .doEmbed({ model: 'all-minilm', input: 'hi' }, {}),
    );

    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`nothing is listening at http://127.0.0.1:${port}`);
  });

  it('explains an unknown host (ENOTFOUND)', async () => {
    const fetch: FetchFunction = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND ollama.internal'), {
          code: 'ENOTFOUND',
        }),
      });
    };

    const error = await rejection(
      createOllama()
        .chatModel('llama3.2', { apiBase: 'http://ollama.internal:11434', fetch })
        .doGenerate(request, {}),
    );

    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(
      'the host of http://ollama.internal:11434 could not be resolved (ENOTFOUND)',
    );
  });

  it('keeps other network errors and timeouts as core reports them', async () => {
    const reset: FetchFunction = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      });
    };
    const resetError = await rejection(
      createOllama().chatModel('llama3.2', { fetch: reset }).doGenerate(request, {}),
    );
    expect(resetError).toMatchObject({ name: 'APIConnectionError' });
    expect((resetError as Error).message).toBe(
      'Connection error calling ollama/llama3.2: socket hang up',
    );

    server.respond('POST /slow/api/chat', { type: 'hang' });
    const timeoutError = await rejection(
      createOllama()
        .chatModel('llama3.2', { apiBase: `${server.url}/slow` })
        .doGenerate(request, { abortSignal: AbortSignal.timeout(50) }),
    );
    expect(APITimeoutError.isInstance(timeoutError)).toBe(true);
    expect(APIError.isInstance(timeoutError)).toBe(true);
  });
});
