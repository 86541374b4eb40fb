import { loadJsonFixture, loadSseFixture, type MockResponse } from '@llmux/core/test';
import { runChatModelConformance } from '@llmux/test-utils';
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

const entries = [
  ...(loadJsonFixture(fixture('errors.reconstructed.json')) as { entries: CatalogueEntry[] })
    .entries,
  ...(loadJsonFixture(fixture('errors.docs.json')) as { entries: CatalogueEntry[] }).entries,
];

function errorResponse(scenario: string): { response: MockResponse } {
  const entry = entries.find(candidate => candidate.scenario === scenario);
  if (!entry) throw new Error(`no error entry "${scenario}"`);
  return {
    response: { type: 'json', status: entry.status, headers: entry.headers, body: entry.body },
  };
}

const chatText = loadJsonFixture(fixture('chat-text.http.json')) as {
  status: number;
  headers: Record<string, string>;
  body: unknown;
};
const streamText = loadSseFixture(fixture('stream-text.sse'));
const inStreamError = entries.find(entry => entry.sse !== undefined)?.sse ?? '';

runChatModelConformance({
  name: 'openai conformance',
  createModel: server =>
    createOpenAI().chatModel('gpt-4o', { apiKey: 'sk-test', apiBase: `${server.url}/v1` }),
  server: { route: 'POST /v1/chat/completions' },
  fixtures: {
    text: {
      response: { type: 'json', ...chatText },
      expect: { content: 'Hello! How can I help you today?' },
    },
    streamText: {
      response: { type: 'sse', events: streamText },
      expect: { content: /^I'm unable to provide real-time weather updates\./ },
    },
    toolCall: {
      response: { type: 'json', body: loadJsonFixture(fixture('tool-call.parallel.json')) },
      expect: {
        toolCalls: [
          {
            id: 'call_fdNz3vOBKYgOIpMdWotB9MjY',
            name: 'GetWeatherArgs',
            arguments: { city: 'Edinburgh', country: 'GB', units: 'c' },
          },
          { name: 'get_stock_price', arguments: { ticker: 'AAPL', exchange: 'NASDAQ' } },
        ],
      },
    },
    streamToolCall: {
      response: { type: 'sse', events: loadSseFixture(fixture('stream-tool-call.sse')) },
      expect: { toolCalls: [{ name: 'get_weather', arguments: { city: 'New York City' } }] },
    },
    usage: {
      response: { type: 'json', ...chatText },
      expect: { promptTokens: 20, completionTokens: 18, totalTokens: 38, cachedReadTokens: 0 },
    },
    streamUsage: {
      response: { type: 'sse', events: streamText },
      expect: { promptTokens: 14, completionTokens: 30, totalTokens: 44 },
    },
    errors: {
      auth: errorResponse('401 bad key'),
      permission: errorResponse('403 unsupported region'),
      notFound: errorResponse('404 model not found'),
      rateLimit: {
        ...errorResponse('429 per-minute token limit'),
        expect: { retryAfterMs: 19_000 },
      },
      contextWindow: errorResponse('400 context length'),
      contentPolicy: errorResponse('400 content policy'),
      server: errorResponse('500 server error'),
      overloaded: errorResponse('503 overloaded'),
    },
    streamError: {
      response: { type: 'sse', events: [...streamText.slice(0, 2), inStreamError] },
      expect: { errorName: 'InternalServerError', minChunksBefore: 2 },
    },
  },
});
