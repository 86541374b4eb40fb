import {
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  type MockResponse,
} from '@llmux/core/test';
import { runChatModelConformance } from '@llmux/test-utils';
import { createAnthropic } from './anthropic-provider.js';

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface CatalogueEntry extends HttpFixture {
  scenario: string;
  sse?: string;
}

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

function json(name: string): MockResponse {
  return { type: 'json', ...(loadJsonFixture(fixture(name)) as HttpFixture) };
}

const catalogue = (
  loadJsonFixture(fixture('errors.reconstructed.json')) as { entries: CatalogueEntry[] }
).entries;

function catalogueResponse(scenario: string, headers: Record<string, string> = {}): MockResponse {
  const entry = catalogue.find(candidate => candidate.scenario === scenario);
  if (!entry) throw new Error(`no catalogue entry '${scenario}'`);
  return {
    type: 'json',
    status: entry.status,
    headers: { ...entry.headers, ...headers },
    body: entry.body,
  };
}

const textEvents = loadChunksFixture(fixture('stream-text.chunks.txt'), { done: false });
const errorEvent = catalogue.find(entry => entry.sse !== undefined)?.sse ?? '';
const [firstExchange] = loadJsonFixture(fixture('tool-call-roundtrip.http.json')) as HttpFixture[];

runChatModelConformance({
  name: 'anthropic',
  createModel: server =>
    createAnthropic().chatModel('claude-sonnet-4-20250514', {
      apiKey: 'sk-ant-test',
      apiBase: server.url,
    }),
  server: { route: 'POST /v1/messages' },
  fixtures: {
    text: {
      response: json('text.http.json'),
      expect: { content: /^Hello! How can I assist you today\?/ },
    },
    streamText: {
      response: { type: 'sse', events: textEvents },
      expect: { content: /^Hello! I'm doing well, thank you for asking\./ },
    },
    toolCall: {
      response: { type: 'json', ...(firstExchange as HttpFixture) },
      expect: {
        toolCalls: [
          { id: 'toolu_011LF2VkWpAfJnTKJcmh1PNf', name: 'test_tool', arguments: { value: 'test' } },
        ],
      },
    },
    streamToolCall: {
      response: { type: 'sse', events: loadSseFixture(fixture('stream-tool-call.sse')) },
      expect: {
        toolCalls: [
          {
            id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn',
            name: 'get_weather',
            arguments: { location: 'Paris' },
          },
        ],
      },
    },
    usage: {
      response: json('prompt-cache.http.json'),
      expect: {
        promptTokens: 1532,
        completionTokens: 33,
        totalTokens: 1565,
        cachedReadTokens: 1111,
        cacheWriteTokens: 418,
      },
    },
    streamUsage: {
      response: { type: 'sse', events: textEvents },
      expect: { promptTokens: 12, completionTokens: 30, totalTokens: 42 },
    },
    errors: {
      auth: { response: catalogueResponse('401 bad key') },
      permission: {
        // Type from https://docs.anthropic.com/en/api/errors
        response: {
          type: 'json',
          status: 403,
          body: {
            type: 'error',
            error: { type: 'permission_error', message: 'Not allowed to use this model.' },
          },
        },
      },
      notFound: { response: json('error-404-not-found.http.json') },
      rateLimit: {
        response: catalogueResponse('429 rate limited', { 'retry-after': '7' }),
        expect: { retryAfterMs: 7000 },
      },
      contextWindow: {
        response: catalogueResponse('400 prompt too long'),
        expect: { message: /prompt is too long/ },
      },
      contentPolicy: {
        response: {
          type: 'json',
          status: 400,
          body: {
            type: 'error',
            error: {
              type: 'invalid_request_error',
              message: 'Output blocked by content filtering policy',
            },
          },
        },
      },
      server: { response: catalogueResponse('500 internal') },
      overloaded: { response: catalogueResponse('529 overloaded'), expect: { status: 529 } },
    },
    streamError: {
      response: { type: 'sse', events: [...textEvents.slice(0, 4), errorEvent] },
      expect: { errorName: 'ServiceUnavailableError' },
    },
  },
});
