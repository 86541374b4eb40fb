import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eGateway } from './start-e2e-gateway.js';

// End to end over loopback: two upstream mock servers behind one model_name, one answering
// 500s. Every request must succeed (retries move to the healthy deployment at once), the
// failing deployment must be cooled down (so it stops receiving calls), and the response
// headers must say which deployment answered and how many retries it took.

const route = 'POST /v1/chat/completions';

const completionBody = {
  id: 'chatcmpl-healthy',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'healthy' }, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
};

describe('the router behind the proxy: one of two upstreams failing', () => {
  let failing: MockProviderServer;
  let healthy: MockProviderServer;
  let client: OpenAI;
  let stopGateway: () => Promise<void>;

  beforeAll(async () => {
    failing = await createMockProviderServer();
    failing.respond(route, {
      type: 'json',
      status: 500,
      body: { error: { message: 'upstream exploded', type: 'server_error', code: null } },
    });
    ({
      upstream: healthy,
      client,
      close: stopGateway,
    } = await startE2eGateway({
      modelList: upstreamUrl => [
        {
          model_name: 'gpt-4o-mini',
          litellm_params: {
            model: 'openai/gpt-4o-mini',
            api_base: `${upstreamUrl}/v1`,
            api_key: 'sk-healthy',
          },
          model_info: { id: 'healthy-deployment' },
        },
        {
          model_name: 'gpt-4o-mini',
          litellm_params: {
            model: 'openai/gpt-4o-mini',
            api_base: `${failing.url}/v1`,
            api_key: 'sk-failing',
          },
          model_info: { id: 'failing-deployment' },
        },
      ],
    }));
    healthy.respond(route, { type: 'json', body: completionBody });
  });

  afterAll(async () => {
    await stopGateway();
    await failing.close();
  });

  it('serves every request, cools the failing upstream down, and reports the attempts', async () => {
    const attempts: Array<{
      modelId: string | null;
      retries: string | null;
      fallbacks: string | null;
    }> = [];
    for (let index = 0; index < 40; index++) {
      const { data, response } = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `hi ${index}` }] })
        .withResponse();
      expect(data.choices[0]?.message.content).toBe('healthy');
      attempts.push({
        modelId: response.headers.get('x-litellm-model-id'),
        retries: response.headers.get('x-litellm-attempted-retries'),
        fallbacks: response.headers.get('x-litellm-attempted-fallbacks'),
      });
    }
    // Every answer came from the healthy deployment, with no fallback.
    expect(new Set(attempts.map(attempt => attempt.modelId))).toEqual(
      new Set(['healthy-deployment']),
    );
    expect(new Set(attempts.map(attempt => attempt.fallbacks))).toEqual(new Set(['0']));
    // allowed_fails defaults to 3: the fourth failure this minute puts it in cooldown (5 s),
    // after which it receives nothing.
    expect(failing.calls).toHaveLength(4);
    // The requests that first reached the failing upstream say so: one retry each.
    expect(attempts.filter(attempt => attempt.retries === '1')).toHaveLength(4);
    expect(attempts.filter(attempt => attempt.retries === '0')).toHaveLength(36);
    expect(healthy.calls).toHaveLength(40);
  });

  it('streams from the healthy deployment while the other is cooling down', async () => {
    // The queue's last response keeps answering: queue the stream behind it, and let one more
    // plain call take the JSON answer first.
    healthy.respond(route, {
      type: 'sse',
      events: [
        `data: ${JSON.stringify({
          id: 'chatcmpl-stream',
          object: 'chat.completion.chunk',
          created: 1_700_000_000,
          model: 'gpt-4o-mini',
          choices: [
            { index: 0, delta: { role: 'assistant', content: 'streamed' }, finish_reason: null },
          ],
        })}\n\n`,
        'data: [DONE]\n\n',
      ],
    });
    const failingCallsBefore = failing.calls.length;
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
    });
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'stream' }],
        stream: true,
      })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('streamed');
    expect(response.headers.get('x-litellm-model-id')).toBe('healthy-deployment');
    expect(failing.calls.length).toBe(failingCallsBefore);
  });
});
