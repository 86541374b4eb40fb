import { APIConnectionError, type ChatCompletionRequest } from '@llmux/core';
import {
  convertReadableStreamToArray,
  createMockProviderServer,
  loadSseFixture,
  type MockProviderServer,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAICompatibleProvider } from './openai-compatible-provider.js';

const route = 'POST /v1/chat/completions';
const request: ChatCompletionRequest = {
  model: 'deepseek-chat',
  messages: [{ role: 'user', content: 'Hello' }],
};
const events = loadSseFixture(
  new URL('./__fixtures__/deepseek-stream-text.doc.sse', import.meta.url),
);

let server: MockProviderServer;

beforeEach(async () => {
  server = await createMockProviderServer();
});

afterEach(async () => {
  await server.close();
});

function createModel() {
  return createOpenAICompatibleProvider({ provider: 'acme', apiKeyOptional: true }).chatModel(
    'deepseek-chat',
    { apiBase: `${server.url}/v1` },
  );
}

describe('createOpenAICompatibleStreamParts', () => {
  it('yields one chunk per data event with its exact text, skipping comments', async () => {
    server.respond(route, { type: 'sse', events });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const dataEvents = events.filter(event => event.startsWith('data: {'));
    const chunkParts = parts.filter(part => part.type === 'chunk');
    expect(chunkParts.map(part => `data: ${part.rawData}\n\n`)).toEqual(dataEvents);
    expect(parts.at(-1)).toMatchObject({ type: 'usage', usage: { totalTokens: 26 } });
  });

  it('accepts choices without a delta (Azure content-filter annotations)', async () => {
    const annotation = {
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [{ index: 0, finish_reason: 'content_filter', content_filter_results: {} }],
    };
    server.respond(route, {
      type: 'sse',
      events: [`data: ${JSON.stringify(annotation)}\n\n`, 'data: [DONE]\n\n'],
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts).toHaveLength(1);
    const part = parts[0];
    expect(part?.type).toBe('chunk');
    if (part?.type !== 'chunk') return;
    expect(part.chunk.choices[0]).toMatchObject({ delta: {}, finish_reason: 'content_filter' });
    expect(part.rawData).toBeUndefined();
  });

  it('accepts a finished stream without [DONE]', async () => {
    server.respond(route, {
      type: 'sse',
      events: events.filter(event => !event.includes('[DONE]')),
    });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.some(part => part.type === 'error')).toBe(false);
  });

  it('reports a body that ends before any finish_reason as a broken connection', async () => {
    server.respond(route, { type: 'sse', events: events.slice(0, 3), end: 'close' });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    const last = parts.at(-1);
    expect(last?.type === 'error' && APIConnectionError.isInstance(last.error)).toBe(true);
    expect(last?.type === 'error' && last.error).toMatchObject({
      llmProvider: 'acme',
      isRetryable: true,
      message: expect.stringMatching(/ended before the response was complete/),
    });
  });

  it('turns a connection reset mid-stream into an APIConnectionError part', async () => {
    server.respond(route, { type: 'sse', events: events.slice(0, 2), delayMs: 20, end: 'reset' });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map(part => part.type)).toEqual(['chunk', 'chunk', 'error']);
    expect(parts[2]?.type === 'error' && APIConnectionError.isInstance(parts[2].error)).toBe(true);
  });

  it.each([
    ['not JSON', 'data: {"id":\n\n'],
    ['not an object', 'data: [1]\n\n'],
    ['not a chunk', 'data: {"choices":"none"}\n\n'],
  ])('ends with an error part on a payload that is %s', async (_, event) => {
    server.respond(route, { type: 'sse', events: [event, 'data: [DONE]\n\n'] });

    const { stream } = await createModel().doStream(request, {});
    const parts = await convertReadableStreamToArray(stream);

    expect(parts).toHaveLength(1);
    expect(parts[0]?.type === 'error' && parts[0].error.message).toMatch(/^Invalid stream data/);
  });

  it('closes the upstream connection when the caller aborts mid-stream', async () => {
    server.respond(route, { type: 'sse', events: events.slice(0, 2), end: 'hang' });
    const controller = new AbortController();

    const { stream } = await createModel().doStream(request, { abortSignal: controller.signal });
    const reader = stream.getReader();
    expect((await reader.read()).value?.type).toBe('chunk');
    controller.abort();

    await expect(
      (async () => {
        while (!(await reader.read()).done) {}
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });

  it('closes the upstream connection when the reader cancels', async () => {
    server.respond(route, { type: 'sse', events: events.slice(0, 2), end: 'hang' });

    const { stream } = await createModel().doStream(request, {});
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();

    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });
});
