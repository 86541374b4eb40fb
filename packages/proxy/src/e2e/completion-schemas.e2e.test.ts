import { readFileSync } from 'node:fs';
import {
  type ChatCompletionChunk,
  type CompletionParams,
  chatCompletionChunkSchema,
  chatCompletionSchema,
  completion,
} from '@llmux/core';
import {
  createMockProviderServer,
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  type MockProviderServer,
  type MockResponse,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// core's completion() → each provider adapter (lazy-loaded by its prefix) → a mock server
// replaying that provider's recorded transcripts: whatever the provider, the answers must fit
// the canonical OpenAI schemas.

type Scenario = 'text' | 'toolCall' | 'streamText' | 'streamToolCall';

interface ProviderCase {
  model: string;
  /** Appended to the mock server's URL to make the `api_base`. */
  apiBasePath: string;
  /** Where the adapter posts, on the mock server. */
  route: string;
  options: Pick<CompletionParams, 'api_key' | 'api_version'>;
  responses: Record<Scenario, MockResponse>;
}

interface HttpFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function fixture(provider: string, name: string): URL {
  return new URL(`../../../providers/${provider}/src/__fixtures__/${name}`, import.meta.url);
}

function recorded(exchange: unknown): MockResponse {
  const { status, headers, body } = exchange as HttpFixture;
  return { type: 'json', status, headers, body };
}

function ndjson(path: URL): MockResponse {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => `${line}\n`);
  return { type: 'sse', headers: { 'content-type': 'application/x-ndjson' }, events: lines };
}

const anthropic = (name: string) => fixture('anthropic', name);
const azure = (name: string) => fixture('azure', name);
const groq = (name: string) => fixture('groq', name);
const deepseek = (name: string) => fixture('openai-compatible', name);
const ollama = (name: string) => fixture('ollama', name);
const openai = (name: string) => fixture('openai', name);

const providers: ProviderCase[] = [
  {
    model: 'anthropic/claude-sonnet-4-20250514',
    apiBasePath: '',
    route: 'POST /v1/messages',
    options: { api_key: 'sk-ant-test' },
    responses: {
      text: recorded(loadJsonFixture(anthropic('text.http.json'))),
      // The first exchange of the round trip is the model asking for the tool.
      toolCall: recorded(
        (loadJsonFixture(anthropic('tool-call-roundtrip.http.json')) as unknown[])[0],
      ),
      streamText: {
        type: 'sse',
        events: loadChunksFixture(anthropic('stream-text.chunks.txt'), { done: false }),
      },
      streamToolCall: { type: 'sse', events: loadSseFixture(anthropic('stream-tool-call.sse')) },
    },
  },
  {
    model: 'azure/gpt-4o',
    apiBasePath: '',
    route: 'POST /openai/deployments/gpt-4o/chat/completions',
    options: { api_key: 'azure-test-key', api_version: '2024-10-21' },
    responses: {
      text: recorded(loadJsonFixture(azure('chat-text.http.json'))),
      toolCall: { type: 'json', body: loadJsonFixture(azure('tool-call.parallel.json')) },
      streamText: { type: 'sse', events: loadChunksFixture(azure('stream-text.chunks.txt')) },
      streamToolCall: { type: 'sse', events: loadSseFixture(azure('stream-tool-call.sse')) },
    },
  },
  {
    model: 'groq/llama-3.3-70b-versatile',
    apiBasePath: '/openai/v1',
    route: 'POST /openai/v1/chat/completions',
    options: { api_key: 'gsk-test' },
    responses: {
      text: recorded(loadJsonFixture(groq('chat-text.http.json'))),
      toolCall: { type: 'json', body: loadJsonFixture(groq('tool-call.json')) },
      streamText: { type: 'sse', events: loadChunksFixture(groq('stream-text.chunks.txt')) },
      streamToolCall: {
        type: 'sse',
        events: loadChunksFixture(groq('stream-tool-call.chunks.txt')),
      },
    },
  },
  {
    model: 'deepseek/deepseek-chat',
    apiBasePath: '',
    route: 'POST /chat/completions',
    options: { api_key: 'sk-deepseek-test' },
    responses: {
      text: { type: 'json', body: loadJsonFixture(deepseek('deepseek-chat-text.doc.json')) },
      toolCall: { type: 'json', body: loadJsonFixture(deepseek('deepseek-tool-call.doc.json')) },
      streamText: { type: 'sse', events: loadSseFixture(deepseek('deepseek-stream-text.doc.sse')) },
      streamToolCall: {
        type: 'sse',
        events: loadSseFixture(deepseek('deepseek-stream-tool-call.doc.sse')),
      },
    },
  },
  {
    model: 'ollama/llama3.2',
    apiBasePath: '',
    route: 'POST /api/chat',
    options: {},
    responses: {
      text: recorded(loadJsonFixture(ollama('chat-text.http.json'))),
      toolCall: recorded(loadJsonFixture(ollama('tool-call.doc.json'))),
      streamText: ndjson(ollama('stream-text.doc.ndjson')),
      streamToolCall: ndjson(ollama('stream-tool-call.doc.ndjson')),
    },
  },
  {
    model: 'openai/gpt-4o',
    apiBasePath: '/v1',
    route: 'POST /v1/chat/completions',
    options: { api_key: 'sk-test' },
    responses: {
      text: recorded(loadJsonFixture(openai('chat-text.http.json'))),
      toolCall: { type: 'json', body: loadJsonFixture(openai('tool-call.parallel.json')) },
      streamText: { type: 'sse', events: loadSseFixture(openai('stream-text.sse')) },
      streamToolCall: { type: 'sse', events: loadSseFixture(openai('stream-tool-call.sse')) },
    },
  },
];

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
} as const;

interface ReassembledToolCall {
  id: string | undefined;
  name: string;
  arguments: string;
}

/** Tool-call deltas put back together by `index`, as an OpenAI client does. */
function reassembleToolCalls(chunks: ChatCompletionChunk[]): ReassembledToolCall[] {
  const calls: ReassembledToolCall[] = [];
  for (const chunk of chunks) {
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      calls[delta.index] ??= { id: undefined, name: '', arguments: '' };
      const call = calls[delta.index] as ReassembledToolCall;
      call.id ??= delta.id ?? undefined;
      call.name += delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  return calls;
}

function finishReasons(chunks: ChatCompletionChunk[]): string[] {
  return chunks.flatMap(chunk =>
    chunk.choices.flatMap(choice => (choice.finish_reason ? [choice.finish_reason] : [])),
  );
}

describe.each(providers)('completion() with $model', provider => {
  let upstream: MockProviderServer;

  beforeEach(async () => {
    upstream = await createMockProviderServer();
  });

  afterEach(() => upstream.close());

  function params(scenario: Scenario): CompletionParams {
    upstream.respond(provider.route, provider.responses[scenario]);
    const toolCall = scenario === 'toolCall' || scenario === 'streamToolCall';
    return {
      ...provider.options,
      model: provider.model,
      api_base: `${upstream.url}${provider.apiBasePath}`,
      messages: [{ role: 'user', content: toolCall ? 'Weather in Paris?' : 'Hello!' }],
      ...(toolCall ? { tools: [weatherTool] } : {}),
    };
  }

  async function streamChunks(scenario: Scenario): Promise<ChatCompletionChunk[]> {
    const stream = await completion({ ...params(scenario), stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chatCompletionChunkSchema.parse(chunk));
    return chunks;
  }

  it('answers text with a valid chat.completion', async () => {
    const response = chatCompletionSchema.parse(await completion(params('text')));

    expect(response.choices[0]?.message.content).toEqual(expect.stringMatching(/\S/));
    expect(response.choices[0]?.message.tool_calls ?? []).toEqual([]);
    expect(response.choices[0]?.finish_reason).toBe('stop');
  });

  it('answers a tool call with valid tool_calls and finish_reason tool_calls', async () => {
    const response = chatCompletionSchema.parse(await completion(params('toolCall')));

    const toolCalls = response.choices[0]?.message.tool_calls ?? [];
    expect(toolCalls.length).toBeGreaterThan(0);
    for (const call of toolCalls) {
      expect(call.function.name).not.toBe('');
      expect(JSON.parse(call.function.arguments)).toEqual(expect.any(Object));
    }
    expect(response.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('streams text as valid chat.completion.chunk objects', async () => {
    const chunks = await streamChunks('streamText');

    const text = chunks.map(chunk => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toMatch(/\S/);
    expect(reassembleToolCalls(chunks)).toEqual([]);
    expect(finishReasons(chunks)).toEqual(['stop']);
  });

  it('streams a tool call that reassembles to valid JSON arguments', async () => {
    const chunks = await streamChunks('streamToolCall');

    const toolCalls = reassembleToolCalls(chunks);
    expect(toolCalls.length).toBeGreaterThan(0);
    for (const call of toolCalls) {
      expect(call.id).toEqual(expect.any(String));
      expect(call.name).not.toBe('');
      expect(JSON.parse(call.arguments)).toEqual(expect.any(Object));
    }
    expect(finishReasons(chunks)).toEqual(['tool_calls']);
  });
});
