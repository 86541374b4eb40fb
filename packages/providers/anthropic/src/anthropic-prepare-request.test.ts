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

const base: ChatCompletionRequest = {
  model: 'claude-sonnet-4-20250514',
  messages: [{ role: 'user', content: 'Hi' }],
};

let server: MockProviderServer;

beforeAll(async () => {
  server = await createMockProviderServer();
  server.respond('POST /v1/messages', { type: 'json', body: reply });
});

afterAll(async () => {
  await server.close();
});

function model(modelId = 'claude-sonnet-4-20250514') {
  return createAnthropic().chatModel(modelId, { apiKey: 'sk-ant-test', apiBase: server.url });
}

/** The body the adapter sends upstream for `extra` on top of a one-message request. */
async function sentBody(
  extra: Partial<ChatCompletionRequest> & Record<string, unknown>,
  options: { dropParams?: boolean; modelId?: string } = {},
) {
  const result = await model(options.modelId).doGenerate(
    { ...base, ...extra },
    { dropParams: options.dropParams },
  );
  return { body: server.calls.at(-1)?.requestBodyJson as Record<string, unknown>, result };
}

describe('prepareAnthropicRequest (as sent upstream)', () => {
  it('maps the sampling parameters, stop and user', async () => {
    const { body } = await sentBody({
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 100,
      stop: 'END',
      user: 'user-42',
    });

    expect(body).toMatchObject({
      max_tokens: 100,
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
    });
    const { body: listBody } = await sentBody({ stop: ['a', 'b'], max_completion_tokens: 7 });
    expect(listBody).toMatchObject({ stop_sequences: ['a', 'b'], max_tokens: 7 });
  });

  it('defaults max_tokens to the model output limit in the price table, else 4096', async () => {
    expect((await sentBody({})).body.max_tokens).toBe(64000);
    expect((await sentBody({}, { modelId: 'claude-3-haiku-20240307' })).body.max_tokens).toBe(4096);
    expect((await sentBody({}, { modelId: 'claude-unknown-model' })).body.max_tokens).toBe(4096);
  });

  it('maps reasoning_effort to a thinking budget; thinking passes through as given', async () => {
    expect((await sentBody({ reasoning_effort: 'medium' })).body.thinking).toEqual({
      type: 'enabled',
      budget_tokens: 2048,
    });
    expect((await sentBody({ reasoning_effort: 'high' })).body.thinking).toEqual({
      type: 'enabled',
      budget_tokens: 4096,
    });
    expect((await sentBody({ reasoning_effort: 'none' })).body.thinking).toBeUndefined();
    const thinking = { type: 'enabled', budget_tokens: 3000 };
    expect((await sentBody({ thinking, reasoning_effort: 'low' })).body.thinking).toEqual(thinking);

    const error = await sentBody({ reasoning_effort: 'extreme' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'BadRequestError', param: 'reasoning_effort' });
  });

  it('passes Anthropic-only fields (top_k …) through and drops OpenAI-only no-ops', async () => {
    const { body } = await sentBody({
      top_k: 5,
      store: true,
      stream_options: { include_usage: true },
      n: 1,
      logprobs: false,
      service_tier: 'default',
      metadata: { user_id: 'meta-user', trace: 'x' },
    });

    expect(body.top_k).toBe(5);
    expect(body.metadata).toEqual({ user_id: 'meta-user' });
    for (const name of ['store', 'stream_options', 'n', 'logprobs', 'service_tier']) {
      expect(body).not.toHaveProperty(name);
    }
  });

  it.each([
    ['seed', { seed: 7 }],
    ['n', { n: 2 }],
    ['logprobs', { logprobs: true }],
    ['top_logprobs', { top_logprobs: 2 }],
    ['presence_penalty', { presence_penalty: 0.5 }],
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['logit_bias', { logit_bias: { '1': 1 } }],
  ])(
    'rejects %s with a BadRequestError naming it, or drops it with dropParams',
    async (name, extra) => {
      const calls = server.calls.length;
      const error = await sentBody(extra).catch((caught: unknown) => caught);

      expect(BadRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 400, param: name, llmProvider: 'anthropic' });
      expect((error as Error).message).toContain(name);
      expect(server.calls.length).toBe(calls);

      const { body, result } = await sentBody(extra, { dropParams: true });
      expect(body).not.toHaveProperty(name);
      expect(result.warnings).toEqual([`Dropped '${name}': not supported by Anthropic.`]);
    },
  );
});
