import { completion, embedding, type FetchFunction } from '@llmux/core';
import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeOllamaBaseURL } from './ollama-config.js';
import { createOllama, llmuxProviders, ollama, ollamaChat } from './ollama-provider.js';

const request = { model: 'llama3.2', messages: [{ role: 'user' as const, content: 'Hi' }] };
const answer = {
  model: 'llama3.2',
  created_at: '2025-08-21T12:41:21.294827Z',
  message: { role: 'assistant', content: 'Hello' },
  done: true,
  done_reason: 'stop',
  prompt_eval_count: 3,
  eval_count: 1,
};

let server: MockProviderServer;

beforeAll(async () => {
  server = await createMockProviderServer();
  server.respond('POST /api/chat', { type: 'json', body: answer });
  server.respond('POST /api/embed', {
    type: 'json',
    body: { model: 'all-minilm', embeddings: [[0.5, -0.25]], prompt_eval_count: 2 },
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.calls.length = 0;
  vi.stubEnv('OLLAMA_API_BASE', '');
  vi.stubEnv('OLLAMA_HOST', '');
  vi.stubEnv('OLLAMA_API_KEY', '');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A fetch that records the URL and answers like Ollama would, without a network. */
function recordingFetch() {
  const urls: string[] = [];
  const fetch = vi.fn<FetchFunction>(async input => {
    urls.push(String(input));
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return { fetch, urls };
}

describe('createOllama', () => {
  it('exports the ollama and ollama_chat providers that core lazy-loads', () => {
    expect(llmuxProviders).toEqual([ollama, ollamaChat]);
    expect(ollama).toMatchObject({
      specificationVersion: 'v1',
      provider: 'ollama',
      apiKeyEnvVar: 'OLLAMA_API_KEY',
    });
    expect(ollamaChat.provider).toBe('ollama_chat');
    expect(ollamaChat.chatModel('llama3.2')).toMatchObject({
      provider: 'ollama_chat',
      modelId: 'llama3.2',
    });
    expect(ollama.embeddingModel('all-minilm')).toMatchObject({ provider: 'ollama' });
  });

  it('calls http://localhost:11434 by default, with no Authorization', async () => {
    const { fetch, urls } = recordingFetch();

    await ollama.chatModel('llama3.2', { fetch }).doGenerate(request, {});

    expect(urls).toEqual(['http://localhost:11434/api/chat']);
    const headers = fetch.mock.calls[0]?.[1]?.headers as Record<string, string>;
    expect(headers.authorization).toBeUndefined();
  });

  it.each([
    ['OLLAMA_API_BASE', 'http://gpu-box:11434/', 'http://gpu-box:11434/api/chat'],
    ['OLLAMA_HOST', '0.0.0.0', 'http://0.0.0.0:11434/api/chat'],
    ['OLLAMA_HOST', 'gpu-box:8080', 'http://gpu-box:8080/api/chat'],
    ['OLLAMA_HOST', 'https://ollama.example.com', 'https://ollama.example.com/api/chat'],
  ])('reads the address from %s=%s', async (name, value, expected) => {
    vi.stubEnv(name, value);
    const { fetch, urls } = recordingFetch();

    await ollama.chatModel('llama3.2', { fetch }).doGenerate(request, {});

    expect(urls).toEqual([expected]);
  });

  it('prefers OLLAMA_API_BASE over OLLAMA_HOST, and api_base over both', async () => {
    vi.stubEnv('OLLAMA_API_BASE', 'http://from-api-base:11434');
    vi.stubEnv('OLLAMA_HOST', 'from-host');
    const { fetch, urls } = recordingFetch();

    await ollama.chatModel('llama3.2', { fetch }).doGenerate(request, {});
    await ollama
      .chatModel('llama3.2', { fetch, apiBase: 'http://from-settings:1234' })
      .doGenerate(request, {});
    await createOllama({ apiBase: 'http://from-provider:1' })
      .chatModel('llama3.2', { fetch })
      .doGenerate(request, {});

    expect(urls).toEqual([
      'http://from-api-base:11434/api/chat',
      'http://from-settings:1234/api/chat',
      'http://from-provider:1/api/chat',
    ]);
  });

  it('sends OLLAMA_API_KEY as a Bearer token; api_key overrides it', async () => {
    vi.stubEnv('OLLAMA_API_KEY', 'env-key');

    await ollama.chatModel('llama3.2', { apiBase: server.url }).doGenerate(request, {});
    await ollama
      .chatModel('llama3.2', { apiBase: server.url, apiKey: 'settings-key' })
      .doGenerate(request, {});

    expect(server.calls.map(call => call.headers.authorization)).toEqual([
      'Bearer env-key',
      'Bearer settings-key',
    ]);
  });

  it('merges provider, model and call headers, later ones winning', async () => {
    await createOllama({ headers: { 'X-Team': 'a', 'X-Keep': 'kept' } })
      .chatModel('llama3.2', { apiBase: server.url, headers: { 'x-team': 'b' } })
      .doGenerate(request, { headers: { 'X-Call': 'c' } });

    expect(server.calls[0]?.headers).toMatchObject({
      'x-team': 'b',
      'x-keep': 'kept',
      'x-call': 'c',
    });
  });
});

describe('normalizeOllamaBaseURL', () => {
  it.each([
    ['http://localhost:11434', 'http://localhost:11434'],
    ['http://localhost:11434/', 'http://localhost:11434'],
    ['http://localhost:11434/api/chat', 'http://localhost:11434'],
    ['https://ollama.com/api/embed', 'https://ollama.com'],
    ['https://proxy.example.com/ollama/', 'https://proxy.example.com/ollama'],
    ['localhost', 'http://localhost:11434'],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['[::1]:11434', 'http://[::1]:11434'],
    ['[::1]', 'http://[::1]:11434'],
    ['gpu-box/ollama', 'http://gpu-box:11434/ollama'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeOllamaBaseURL(input)).toBe(expected);
  });
});

describe('through core', () => {
  it.each(['ollama', 'ollama_chat'])(
    'completion() and embedding() load this package for %s/ models',
    async prefix => {
      const response = await completion({
        model: `${prefix}/llama3.2`,
        messages: request.messages,
        api_base: server.url,
      });
      expect(response.choices[0]?.message.content).toBe('Hello');
      expect(response.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 1 });

      const vectors = await embedding({
        model: `${prefix}/all-minilm`,
        input: ['hello'],
        api_base: server.url,
      });
      expect(vectors.data[0]?.embedding).toEqual([0.5, -0.25]);

      expect(
        server.calls.map(call => [call.path, (call.requestBodyJson as { model: string }).model]),
      ).toEqual([
        ['/api/chat', 'llama3.2'],
        ['/api/embed', 'all-minilm'],
      ]);
    },
  );
});
