import type { ChatModelV1 } from '@llmux/core';
import {
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  type MockResponse,
} from '@llmux/core/test';
import { runChatModelConformance } from '@llmux/test-utils';
import { llmuxProviders } from './azure-provider.js';

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

const errors = ['errors.reconstructed.json', 'errors.more.reconstructed.json'].flatMap(
  name => (loadJsonFixture(fixture(name)) as { entries: CatalogueEntry[] }).entries,
);

function entry(scenario: string): CatalogueEntry {
  const found = errors.find(candidate => candidate.scenario === scenario);
  if (!found) throw new Error(`no error entry "${scenario}"`);
  return found;
}

function errorResponse(scenario: string): { response: MockResponse } {
  const { status, headers, body } = entry(scenario);
  return { response: { type: 'json', status, headers, body } };
}

function azureModel(url: string): ChatModelV1 {
  const azure = llmuxProviders.find(provider => provider.provider === 'azure');
  if (!azure) throw new Error('azure is missing from llmuxProviders');
  return azure.chatModel('gpt-4o', { apiKey: 'azure-key', apiBase: url });
}

const chatText = (loadJsonFixture(fixture('chat-text.http.json')) as { body: unknown }).body;
const streamText = loadChunksFixture(fixture('stream-text.chunks.txt'));

runChatModelConformance({
  name: 'azure conformance',
  createModel: server => azureModel(server.url),
  server: { route: 'POST /openai/deployments/gpt-4o/chat/completions' },
  fixtures: {
    text: {
      response: { type: 'json', body: chatText },
      expect: { content: 'The capital of France is **Paris**.' },
    },
    streamText: {
      response: { type: 'sse', events: streamText },
      expect: { content: 'Capital of Denmark.' },
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
          {
            id: 'call_h1DWI1POMJLb0KwIyQHWXD4p',
            name: 'get_stock_price',
            arguments: { ticker: 'AAPL', exchange: 'NASDAQ' },
          },
        ],
      },
    },
    streamToolCall: {
      response: { type: 'sse', events: loadSseFixture(fixture('stream-tool-call.sse')) },
      expect: {
        toolCalls: [
          {
            id: 'call_4XzlGBLtUe9dy3GVNV4jhq7h',
            name: 'get_weather',
            arguments: { city: 'New York City' },
          },
        ],
      },
    },
    usage: {
      response: { type: 'json', body: chatText },
      expect: { promptTokens: 14, completionTokens: 9, totalTokens: 23, cachedReadTokens: 0 },
    },
    streamUsage: {
      response: { type: 'sse', events: streamText },
      expect: { promptTokens: 15, completionTokens: 78, totalTokens: 93, reasoningTokens: 64 },
    },
    errors: {
      auth: errorResponse('401 wrong key / endpoint'),
      permission: errorResponse('403 network rules'),
      notFound: errorResponse('404 unknown deployment'),
      rateLimit: {
        ...errorResponse('429 deployment TPM quota'),
        expect: { retryAfterMs: 86_400_000 },
      },
      contextWindow: errorResponse('400 context length'),
      contentPolicy: errorResponse('400 prompt blocked by content filter'),
      server: errorResponse('500 server error'),
      overloaded: errorResponse('503 service unavailable'),
    },
    streamError: {
      response: {
        type: 'sse',
        events: [
          ...streamText.slice(0, 3),
          entry('error inside an SSE stream (HTTP 200 already sent)').sse ?? '',
        ],
      },
      expect: { errorName: 'RateLimitError', minChunksBefore: 3 },
    },
  },
});
