import { loadChunksFixture, loadJsonFixture, type MockResponse } from '@llmux/core/test';
import { runChatModelConformance } from '@llmux/test-utils';
import { createGroq } from './groq-provider.js';

interface Entry {
  scenario: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function fixture(name: string): URL {
  return new URL(`./__fixtures__/${name}`, import.meta.url);
}

const entries = [
  ...(loadJsonFixture(fixture('errors.reconstructed.json')) as { entries: Entry[] }).entries,
  ...(loadJsonFixture(fixture('errors.docs.json')) as { entries: Entry[] }).entries,
];

function errorResponse(
  scenario: string,
  headers?: Record<string, string>,
): { response: MockResponse } {
  const entry = entries.find(candidate => candidate.scenario === scenario);
  if (!entry) throw new Error(`no entry ${scenario}`);
  return {
    response: {
      type: 'json',
      status: entry.status,
      headers: headers ?? entry.headers,
      body: entry.body,
    },
  };
}

const chatText = loadJsonFixture(fixture('chat-text.http.json')) as {
  headers: Record<string, string>;
  body: unknown;
};
const streamText = loadChunksFixture(fixture('stream-text.chunks.txt'));
const notFound = loadJsonFixture(fixture('error-404-model-not-found.http.json')) as Entry;

runChatModelConformance({
  name: 'groq conformance',
  createModel: server =>
    createGroq().chatModel('llama-3.3-70b-versatile', {
      apiKey: 'gsk-test',
      apiBase: `${server.url}/openai/v1`,
    }),
  server: { route: 'POST /openai/v1/chat/completions' },
  fixtures: {
    text: {
      response: { type: 'json', headers: chatText.headers, body: chatText.body },
      expect: { content: 'Hello! How can I help you today?' },
    },
    streamText: {
      response: { type: 'sse', events: streamText },
      expect: { content: /^Introducing "Luminaria"/ },
    },
    toolCall: {
      response: { type: 'json', body: loadJsonFixture(fixture('tool-call.json')) },
      expect: { toolCalls: [{ id: 'ax9fskhev', name: 'weather', arguments: {} }] },
    },
    streamToolCall: {
      response: { type: 'sse', events: loadChunksFixture(fixture('stream-tool-call.chunks.txt')) },
      expect: { toolCalls: [{ id: 'tk85n1k4m', name: 'weather', arguments: {} }] },
    },
    usage: {
      response: { type: 'json', body: chatText.body },
      expect: { promptTokens: 30, completionTokens: 10, totalTokens: 40 },
    },
    streamUsage: {
      response: { type: 'sse', events: streamText },
      expect: { promptTokens: 45, completionTokens: 662, totalTokens: 707 },
    },
    errors: {
      auth: errorResponse('401 bad key'),
      permission: errorResponse('403 permission'),
      notFound: {
        response: {
          type: 'json',
          status: notFound.status,
          headers: notFound.headers,
          body: notFound.body,
        },
      },
      rateLimit: {
        ...errorResponse('429 TPM exceeded', { 'retry-after': '6' }),
        expect: { retryAfterMs: 6000 },
      },
      contextWindow: errorResponse('400 context length'),
      server: errorResponse('500 internal'),
      overloaded: errorResponse('503 over capacity'),
    },
    streamError: {
      response: {
        type: 'sse',
        events: [
          ...streamText.slice(0, 3),
          'event: error\ndata: {"error":{"message":"Internal Server Error","type":"internal_server_error","status_code":500}}\n\n',
        ],
      },
      expect: { errorName: 'InternalServerError', minChunksBefore: 3 },
    },
  },
  skip: [
    {
      reason: 'Groq documents no content-moderation error (https://console.groq.com/docs/errors)',
      tests: ['error: content policy'],
    },
  ],
});
