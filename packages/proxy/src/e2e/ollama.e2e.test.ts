import type { MockProviderServer } from '@llmux/core/test';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findSpendLogs, type LlmuxDatabase } from '../index.js';
import { startE2eGateway } from './start-e2e-gateway.js';

// Ollama's native answers, shaped as in packages/providers/ollama/src/__fixtures__.
const chatAnswer = {
  model: 'llama3.2',
  created_at: '2025-08-21T12:41:21.294827Z',
  message: { role: 'assistant', content: 'Hello! How can I help you today?' },
  done_reason: 'stop',
  done: true,
  prompt_eval_count: 26,
  eval_count: 12,
};

const streamLines = [
  { message: { role: 'assistant', content: '', thinking: 'Greet back.' }, done: false },
  { message: { role: 'assistant', content: 'Hello' }, done: false },
  { message: { role: 'assistant', content: ' there' }, done: false },
  {
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: 'stop',
    prompt_eval_count: 18,
    eval_count: 5,
  },
].map(
  line => `${JSON.stringify({ model: 'llama3.2', created_at: '2025-08-21T12:41:21Z', ...line })}\n`,
);

const toolCallLines = [
  {
    message: {
      role: 'assistant',
      content: '',
      tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Tokyo' } } }],
    },
    done: false,
  },
  {
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: 'stop',
    prompt_eval_count: 169,
    eval_count: 15,
  },
].map(
  line => `${JSON.stringify({ model: 'llama3.2', created_at: '2025-07-07T20:22:19Z', ...line })}\n`,
);

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the weather in a given city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

// The official openai client against the proxy, whose deployment points at a mock Ollama.
describe('the openai npm client against the proxy, routed to Ollama', () => {
  let ollama: MockProviderServer;
  let database: LlmuxDatabase;
  let client: OpenAI;
  let stopGateway: () => Promise<void>;

  beforeAll(async () => {
    ({
      upstream: ollama,
      database,
      client,
      close: stopGateway,
    } = await startE2eGateway({
      // One deployment per scenario, each under its own path of the mock, so answers never mix.
      modelList: ollamaUrl => [
        ...['text', 'stream', 'tools', 'missing'].map(scenario => ({
          model_name: `llama-${scenario}`,
          litellm_params: {
            model: 'ollama_chat/llama3.2',
            api_base: `${ollamaUrl}/${scenario}`,
            // Ollama options in litellm_params reach the request, as with LiteLLM.
            num_ctx: 8192,
            keep_alive: '10m',
          },
        })),
        {
          model_name: 'local-embed',
          litellm_params: { model: 'ollama/all-minilm', api_base: ollamaUrl },
        },
      ],
    }));
  });

  afterAll(() => stopGateway());

  it('completes a chat through /api/chat', async () => {
    ollama.respond('POST /text/api/chat', { type: 'json', body: chatAnswer });

    const { data, response } = await client.chat.completions
      .create({
        model: 'llama-text',
        messages: [
          { role: 'system', content: 'Be friendly.' },
          { role: 'user', content: 'Hello!' },
        ],
        temperature: 0.3,
        max_tokens: 50,
      })
      .withResponse();

    const call = ollama.calls.at(-1);
    expect(call?.path).toBe('/text/api/chat');
    expect(call?.requestBodyJson).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Be friendly.' },
        { role: 'user', content: 'Hello!' },
      ],
      stream: false,
      keep_alive: '10m',
      options: { temperature: 0.3, num_predict: 50, num_ctx: 8192 },
    });
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('llama-text');
    expect(data.choices[0]?.message.content).toBe('Hello! How can I help you today?');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({
      prompt_tokens: 26,
      completion_tokens: 12,
      total_tokens: 38,
    });
    expect(response.headers.get('x-litellm-call-id')).toBeTruthy();
  });

  it('streams a chat from NDJSON: reasoning, text, finish_reason and usage', async () => {
    // One line cut in two, as a network may deliver it.
    const [first = '', second = '', ...rest] = streamLines;
    ollama.respond('POST /stream/api/chat', {
      type: 'sse',
      headers: { 'content-type': 'application/x-ndjson' },
      events: [first, second.slice(0, 20), second.slice(20), ...rest],
      delayMs: 5,
    });

    const stream = await client.chat.completions.create({
      model: 'llama-stream',
      messages: [{ role: 'user', content: 'Hello!' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let reasoning = '';
    let finishReason: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    const ids = new Set<string>();
    for await (const chunk of stream) {
      ids.add(chunk.id);
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      reasoning +=
        (choice?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
      finishReason = choice?.finish_reason ?? finishReason;
      if (chunk.usage) usage = chunk.usage;
    }

    expect(ollama.calls.at(-1)?.requestBodyJson).toMatchObject({ stream: true });
    expect(text).toBe('Hello there');
    expect(reasoning).toBe('Greet back.');
    expect(finishReason).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 18, completion_tokens: 5, total_tokens: 23 });
    expect(ids.size).toBe(1);
  });

  it('streams a tool call that the client reassembles', async () => {
    ollama.respond('POST /tools/api/chat', {
      type: 'sse',
      headers: { 'content-type': 'application/x-ndjson' },
      events: toolCallLines,
    });

    const stream = client.chat.completions.stream({
      model: 'llama-tools',
      messages: [{ role: 'user', content: 'What is the weather in Tokyo?' }],
      tools: [weatherTool],
    });
    const completion = await stream.finalChatCompletion();

    expect(ollama.calls.at(-1)?.requestBodyJson).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    });
    const message = completion.choices[0]?.message;
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.tool_calls).toEqual([
      {
        id: 'call_0',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      },
    ]);
  });

  it('embeds through /api/embed (the client asks for base64 by default)', async () => {
    ollama.respond('POST /api/embed', {
      type: 'json',
      body: {
        model: 'all-minilm',
        embeddings: [
          [0.5, -0.25, 1],
          [0, 0.125, -1],
        ],
        prompt_eval_count: 4,
      },
    });

    const result = await client.embeddings.create({
      model: 'local-embed',
      input: ['one', 'two'],
    });

    expect(ollama.calls.at(-1)?.requestBodyJson).toEqual({
      model: 'all-minilm',
      input: ['one', 'two'],
    });
    expect(result.data.map(item => item.embedding)).toEqual([
      [0.5, -0.25, 1],
      [0, 0.125, -1],
    ]);
    expect(result.usage).toMatchObject({ prompt_tokens: 4, total_tokens: 4 });
  });

  it('writes a spend row per successful call, with the prompt tokens Ollama counted', async () => {
    await vi.waitFor(async () => {
      await database.spend.flush();
      const rows = await findSpendLogs(database.db);
      const successes = rows.filter(row => row.status === 'success');
      expect(successes.map(row => [row.call_type, Number(row.prompt_tokens)]).sort()).toEqual([
        ['acompletion', 169],
        ['acompletion', 18],
        ['acompletion', 26],
        ['aembedding', 4],
      ]);
    });
  });

  it("passes Ollama's 404 on as OpenAI.NotFoundError", async () => {
    ollama.respond('POST /missing/api/chat', {
      type: 'json',
      status: 404,
      body: { error: 'model "llama3.2" not found, try pulling it first' },
    });

    const error = await client.chat.completions
      .create({ model: 'llama-missing', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).status).toBe(404);
    expect((error as Error).message).toContain('not found, try pulling it first');
  });
});
