import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { completion } from './completion.js';
import { embedding } from './embedding.js';

const messages = [{ role: 'user' as const, content: 'Explain gradient descent in two sentences.' }];

describe('mock_response', () => {
  it('answers without a network call, OpenAI-shaped and costed', async () => {
    const response = await completion({
      model: 'openai/gpt-4o',
      messages,
      mock_response: 'It walks downhill.',
    });
    expect(response.object).toBe('chat.completion');
    expect(response.choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'It walks downhill.',
    });
    expect(response.choices[0]?.finish_reason).toBe('stop');
    const hidden = response._hidden_params;
    expect(hidden.custom_llm_provider).toBe('openai');
    expect(hidden.priced).toBe(true);
    // gpt-4o: 2,500,000 pUSD per input token, 10,000,000 per output token.
    const expected =
      BigInt(hidden.usage.promptTokens) * 2_500_000n +
      BigInt(hidden.usage.completionTokens) * 10_000_000n;
    expect(hidden.response_cost_pico).toBe(expected);
    expect(JSON.stringify(response)).not.toContain('_hidden_params');
  });

  it('streams the text in chunks and costs the stream when it ends', async () => {
    const stream = await completion({
      model: 'openai/gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      mock_response: 'one two three',
    });
    let text = '';
    let sawUsageChunk = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) sawUsageChunk = true;
    }
    expect(text).toBe('one two three');
    expect(sawUsageChunk).toBe(true);
    const hidden = await stream.done;
    expect(hidden.usage.completionTokens).toBeGreaterThan(0);
    expect(hidden.response_cost_pico).toBeGreaterThan(0n);
  });

  it('raises the named error class, as LiteLLM does', async () => {
    const error = await completion({
      model: 'openai/gpt-4o',
      messages,
      mock_response: 'litellm.RateLimitError',
    }).catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
  });

  it('embeds without a network call', async () => {
    const result = await embedding({
      model: 'openai/text-embedding-3-small',
      input: ['a', 'b'],
      mock_response: 'x',
    });
    expect(result.object).toBe('list');
    expect(result.data.map(item => item.index)).toEqual([0, 1]);
    expect(result._hidden_params.custom_llm_provider).toBe('openai');
  });
});
