import { readFileSync } from 'node:fs';
import { loadJsonFixture, type MockResponse } from '@llmux/core/test';
import { runChatModelConformance } from '@llmux/test-utils';
import { createOllama } from './ollama-provider.js';

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

function ndjson(name: string, lines?: (all: string[]) => string[]): MockResponse {
  const all = readFileSync(fixture(name), 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => `${line}\n`);
  return {
    type: 'sse',
    headers: { 'content-type': 'application/x-ndjson' },
    events: lines ? lines(all) : all,
  };
}

function json(name: string): unknown {
  return (loadJsonFixture(fixture(name)) as { body: unknown }).body;
}

const catalogue = (
  loadJsonFixture(fixture('errors.reconstructed.json')) as {
    entries: Array<{ scenario: string; status: number; body?: unknown }>;
  }
).entries;

function catalogued(scenario: string): MockResponse {
  const entry = catalogue.find(candidate => candidate.scenario === scenario);
  if (!entry) throw new Error(`No catalogue entry '${scenario}'`);
  return { type: 'json', status: entry.status, body: entry.body };
}

// The documented mid-stream error is an /api/generate stream; its last line is the same on /api/chat.
const streamErrorLine = `${readFileSync(fixture('stream-error.doc.ndjson'), 'utf8').trim().split('\n').at(-1)}\n`;

runChatModelConformance({
  name: 'ollama conformance',
  createModel: server => createOllama().chatModel('llama3.2', { apiBase: server.url }),
  server: { route: 'POST /api/chat' },
  fixtures: {
    text: {
      response: { type: 'json', body: json('chat-text.http.json') },
      expect: { content: 'Hello! 👋  How can I help you today?' },
    },
    streamText: {
      response: ndjson('stream-thinking.constructed.ndjson'),
      expect: { content: '17 × 23 = 391.' },
    },
    toolCall: {
      response: { type: 'json', body: json('tool-call.doc.json') },
      expect: { toolCalls: [{ id: 'call_0', name: 'get_weather', arguments: { city: 'Tokyo' } }] },
    },
    streamToolCall: {
      response: ndjson('stream-tool-call.doc.ndjson'),
      expect: { toolCalls: [{ id: 'call_0', name: 'get_weather', arguments: { city: 'Tokyo' } }] },
    },
    usage: {
      response: { type: 'json', body: json('chat-text.http.json') },
      expect: { promptTokens: 26, completionTokens: 12, totalTokens: 38 },
    },
    streamUsage: {
      response: ndjson('stream-text.doc.ndjson'),
      expect: { promptTokens: 26, completionTokens: 282, totalTokens: 308 },
    },
    errors: {
      // ollama.com (and authenticating proxies) answer 401/403/429 with the same {"error"} body.
      auth: {
        response: { type: 'json', status: 401, body: { error: 'unauthorized' } },
        expect: { message: 'unauthorized' },
      },
      permission: {
        response: {
          type: 'json',
          status: 403,
          body: { error: 'this model requires a subscription' },
        },
      },
      notFound: {
        response: catalogued('404 model not pulled (scheduler path)'),
        expect: { message: 'model "llama3.2" not found, try pulling it first' },
      },
      rateLimit: {
        response: {
          type: 'json',
          status: 429,
          headers: { 'retry-after': '19' },
          body: { error: 'you have reached your hourly usage limit' },
        },
        expect: { retryAfterMs: 19_000 },
      },
      contextWindow: {
        response: catalogued('400 embed input longer than context with truncate=false'),
      },
      server: {
        response: {
          type: 'json',
          status: 500,
          body: { error: 'llama runner process has terminated' },
        },
      },
      overloaded: { response: catalogued('503 queue full') },
    },
    streamError: {
      response: ndjson('stream-thinking.constructed.ndjson', lines => [
        ...lines.slice(0, 4),
        streamErrorLine,
      ]),
      expect: { errorName: 'InternalServerError', minChunksBefore: 4 },
    },
  },
  skip: [
    {
      reason: 'Ollama has no content filter, so it never reports a policy violation',
      tests: ['error: content policy'],
    },
  ],
});
