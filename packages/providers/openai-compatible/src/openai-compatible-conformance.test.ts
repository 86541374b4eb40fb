import type { ChatModelV1 } from '@llmux/core';
import { loadJsonFixture, loadSseFixture, type MockResponse } from '@llmux/core/test';
import { runChatModelConformance } from '@llmux/test-utils';
import { llmuxProviders } from './openai-compatible-family.js';

interface CatalogueEntry {
  scenario: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

const errors = (
  loadJsonFixture(fixture('deepseek-errors.doc.json')) as { entries: CatalogueEntry[] }
).entries;

function errorResponse(scenario: string): { response: MockResponse } {
  const entry = errors.find(candidate => candidate.scenario === scenario);
  if (!entry) throw new Error(`no error entry "${scenario}"`);
  return {
    response: { type: 'json', status: entry.status, headers: entry.headers, body: entry.body },
  };
}

function deepseekModel(url: string): ChatModelV1 {
  const deepseek = llmuxProviders.find(provider => provider.provider === 'deepseek');
  if (!deepseek) throw new Error('deepseek is missing from llmuxProviders');
  return deepseek.chatModel('deepseek-chat', { apiKey: 'sk-test', apiBase: url });
}

const chatText = loadJsonFixture(fixture('deepseek-chat-text.doc.json'));
const streamText = loadSseFixture(fixture('deepseek-stream-text.doc.sse'));
const streamToolCall = loadSseFixture(fixture('deepseek-stream-tool-call.doc.sse'));

runChatModelConformance({
  name: 'deepseek (openai-compatible) conformance',
  createModel: server => deepseekModel(server.url),
  server: { route: 'POST /chat/completions' },
  fixtures: {
    text: {
      response: { type: 'json', body: chatText },
      expect: { content: 'Hello! How can I help you today?' },
    },
    streamText: {
      response: { type: 'sse', events: streamText },
      expect: { content: 'Hello! How can I help you today?' },
    },
    toolCall: {
      response: { type: 'json', body: loadJsonFixture(fixture('deepseek-tool-call.doc.json')) },
      expect: { toolCalls: [{ name: 'get_weather', arguments: { location: 'Hangzhou' } }] },
    },
    streamToolCall: {
      response: { type: 'sse', events: streamToolCall },
      expect: {
        toolCalls: [
          {
            id: 'call_0_1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
            name: 'get_weather',
            arguments: { location: 'Hangzhou' },
          },
        ],
      },
    },
    usage: {
      response: { type: 'json', body: chatText },
      // `prompt_cache_hit_tokens` surfaces as OpenAI's cached_tokens.
      expect: {
        promptTokens: 1200,
        completionTokens: 10,
        totalTokens: 1210,
        cachedReadTokens: 1024,
      },
    },
    streamUsage: {
      response: { type: 'sse', events: streamToolCall },
      expect: { promptTokens: 104, completionTokens: 19, totalTokens: 123, cachedReadTokens: 64 },
    },
    errors: {
      auth: errorResponse('401 authentication fails'),
      rateLimit: { ...errorResponse('429 rate limit reached'), expect: { retryAfterMs: 2000 } },
      contextWindow: errorResponse('400 context length'),
      contentPolicy: errorResponse('400 content risk'),
      server: errorResponse('500 server error'),
      overloaded: errorResponse('503 server overloaded'),
    },
    streamError: {
      // A body cut after two chunks: the stream must end with a connection error part.
      response: { type: 'sse', events: streamText.slice(0, 3), end: 'close' },
      expect: { errorName: 'APIConnectionError', minChunksBefore: 2 },
    },
  },
  skip: [
    {
      reason:
        'DeepSeek documents no 403, and answers an unknown model with 400 "Model Not Exist" (tested in openai-compatible-family.test.ts)',
      tests: ['error: permission', 'error: not found'],
    },
  ],
});
