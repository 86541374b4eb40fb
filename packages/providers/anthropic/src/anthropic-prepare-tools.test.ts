import type { ChatCompletionRequest } from '@llmux/core';
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

const weather = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};
const time = { type: 'function' as const, function: { name: 'get_time' } };

let server: MockProviderServer;

beforeAll(async () => {
  server = await createMockProviderServer();
  server.respond('POST /v1/messages', { type: 'json', body: reply });
});

afterAll(async () => {
  await server.close();
});

async function sentBody(extra: Partial<ChatCompletionRequest> & Record<string, unknown>) {
  await createAnthropic()
    .chatModel('claude-sonnet-4-20250514', { apiKey: 'sk-ant-test', apiBase: server.url })
    .doGenerate(
      { model: 'claude-sonnet-4-20250514', messages: [{ role: 'user', content: 'Hi' }], ...extra },
      {},
    );
  return server.calls.at(-1)?.requestBodyJson as Record<string, unknown>;
}

describe('prepareAnthropicTools (as sent upstream)', () => {
  it('sends tools with input_schema and keeps cache_control', async () => {
    const body = await sentBody({
      tools: [weather, { ...time, cache_control: { type: 'ephemeral' } }],
    });

    expect(body.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: weather.function.parameters,
      },
      {
        name: 'get_time',
        input_schema: { type: 'object', properties: {} },
        cache_control: { type: 'ephemeral' },
      },
    ]);
    expect(body).not.toHaveProperty('tool_choice');
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
  ] as const)('maps tool_choice %s', async (toolChoice, expected) => {
    expect((await sentBody({ tools: [weather], tool_choice: toolChoice })).tool_choice).toEqual(
      expected,
    );
  });

  it('maps a named tool_choice to a tool choice', async () => {
    const body = await sentBody({
      tools: [weather, time],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'get_time' });
  });

  it('maps parallel_tool_calls: false to disable_parallel_tool_use', async () => {
    expect((await sentBody({ tools: [weather], parallel_tool_calls: false })).tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(
      (await sentBody({ tools: [weather], tool_choice: 'required', parallel_tool_calls: false }))
        .tool_choice,
    ).toEqual({ type: 'any', disable_parallel_tool_use: true });
  });

  it('sends no tool_choice without tools', async () => {
    const body = await sentBody({ tool_choice: 'auto', parallel_tool_calls: false });
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('forces a JSON tool for response_format, and lets thinking or other tools choose', async () => {
    const jsonObject = await sentBody({ response_format: { type: 'json_object' } });
    expect(jsonObject.tools).toEqual([
      {
        name: 'json_tool_call',
        description: 'Respond with a JSON object.',
        input_schema: { type: 'object', additionalProperties: true },
      },
    ]);
    expect(jsonObject.tool_choice).toEqual({ type: 'tool', name: 'json_tool_call' });

    const withTools = await sentBody({
      tools: [weather],
      response_format: { type: 'json_schema', json_schema: { name: 'x' } },
    });
    expect((withTools.tools as Array<{ name: string }>).map(tool => tool.name)).toEqual([
      'get_weather',
      'json_tool_call',
    ]);
    expect(withTools.tool_choice).toEqual({ type: 'any' });

    const withThinking = await sentBody({
      reasoning_effort: 'low',
      response_format: { type: 'json_object' },
    });
    expect(withThinking.tool_choice).toEqual({ type: 'auto' });

    const text = await sentBody({ response_format: { type: 'text' } });
    expect(text).not.toHaveProperty('tools');
  });
});
