import { BadRequestError, type ChatCompletionRequest } from '@llmux/core';
import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropic } from './anthropic-provider.js';

const reply = {
  id: 'msg_1',
  model: 'claude-sonnet-4-20250514',
  content: [{ type: 'text', text: 'ok' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 1, output_tokens: 1 },
};

let server: MockProviderServer;

beforeAll(async () => {
  server = await createMockProviderServer();
  server.respond('POST /v1/messages', { type: 'json', body: reply });
});

afterAll(async () => {
  await server.close();
});

/** What the adapter sends to the mock server for these messages. */
async function sent(messages: ChatCompletionRequest['messages']) {
  const model = createAnthropic().chatModel('claude-sonnet-4-20250514', {
    apiKey: 'sk-ant-test',
    apiBase: server.url,
  });
  await model.doGenerate({ model: 'claude-sonnet-4-20250514', messages }, {});
  const body = server.calls.at(-1)?.requestBodyJson as { system?: unknown; messages: unknown };
  return { system: body.system, messages: body.messages };
}

async function rejection(messages: ChatCompletionRequest['messages']): Promise<BadRequestError> {
  const error = await sent(messages).catch((caught: unknown) => caught);
  if (!BadRequestError.isInstance(error)) throw new Error('expected a BadRequestError');
  return error as BadRequestError;
}

describe('convertToAnthropicMessages (as sent upstream)', () => {
  it('lifts system and developer messages, wherever they are, into system blocks', async () => {
    const body = await sent([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
    ]);

    expect(body.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Answer in French.' },
    ]);
    expect(body.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('merges consecutive messages of one role', async () => {
    const body = await sent([
      { role: 'user', content: 'One' },
      { role: 'user', content: [{ type: 'text', text: 'Two' }] },
      { role: 'assistant', content: 'Three' },
      { role: 'assistant', content: 'Four ' },
    ]);

    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'One' },
          { type: 'text', text: 'Two' },
        ],
      },
      {
        role: 'assistant',
        // A final assistant turn is a prefill: trailing whitespace is trimmed.
        content: [
          { type: 'text', text: 'Three' },
          { type: 'text', text: 'Four' },
        ],
      },
    ]);
  });

  it('sends parallel tool calls as tool_use blocks and collapses their results into one user turn', async () => {
    const body = await sent([
      { role: 'user', content: 'Weather and time in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'toolu_a', type: 'function', function: { name: 'weather', arguments: '{"c":1}' } },
          { id: 'toolu_b', type: 'function', function: { name: 'time', arguments: '' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_a', content: 'Sunny' },
      { role: 'tool', tool_call_id: 'toolu_b', content: [{ type: 'text', text: '12:00' }] },
      { role: 'user', content: 'Thanks' },
    ]);

    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather and time in Paris?' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_a', name: 'weather', input: { c: 1 } },
          { type: 'tool_use', id: 'toolu_b', name: 'time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_a', content: 'Sunny' },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_b',
            content: [{ type: 'text', text: '12:00' }],
          },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
  });

  it('sends thinking blocks back first in an assistant turn', async () => {
    const body = await sent([
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Call the tool.',
        thinking_blocks: [{ type: 'thinking', thinking: 'Call the tool.', signature: 'sig' }],
        tool_calls: [{ id: 'toolu_a', type: 'function', function: { name: 'w', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_a', content: 'Sunny' },
    ]);

    expect((body.messages as Array<{ content: unknown }>)[1]?.content).toEqual([
      { type: 'thinking', thinking: 'Call the tool.', signature: 'sig' },
      { type: 'tool_use', id: 'toolu_a', name: 'w', input: {} },
    ]);
  });

  it('sends data: images as base64 and https images as url sources', async () => {
    const body = await sent([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=' } },
        ],
      },
    ]);

    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          {
            type: 'image',
            source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
          },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          {
            type: 'document',
            source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
          },
        ],
      },
    ]);
  });

  it('keeps cache_control on parts and on whole messages', async () => {
    const ephemeral = { type: 'ephemeral' };
    const body = await sent([
      { role: 'system', content: 'Long instructions', cache_control: ephemeral },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Long document', cache_control: { type: 'ephemeral', ttl: '1h' } },
          { type: 'text', text: 'Question' },
        ],
      },
      { role: 'assistant', content: 'Answer', cache_control: ephemeral },
      { role: 'tool', tool_call_id: 'toolu_a', content: 'Result', cache_control: ephemeral },
    ]);

    expect(body.system).toEqual([
      { type: 'text', text: 'Long instructions', cache_control: ephemeral },
    ]);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Long document', cache_control: { type: 'ephemeral', ttl: '1h' } },
          { type: 'text', text: 'Question' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Answer', cache_control: ephemeral }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_a',
            content: 'Result',
            cache_control: ephemeral,
          },
        ],
      },
    ]);
  });

  it('names the message that cannot be sent', async () => {
    expect(
      (
        await rejection([
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{' } }],
          },
        ])
      ).param,
    ).toBe('messages[0].tool_calls[0].function.arguments');
    expect(
      (
        await rejection([
          {
            role: 'user',
            content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }],
          },
        ])
      ).param,
    ).toBe('messages[0].content[0]');
    expect(
      (
        await rejection([
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'data:image/png,raw' } }],
          },
        ])
      ).param,
    ).toBe('messages[0].content[0].image_url.url');
    expect((await rejection([{ role: 'function', name: 'f', content: 'x' }])).param).toBe(
      'messages[0].role',
    );
  });
});
