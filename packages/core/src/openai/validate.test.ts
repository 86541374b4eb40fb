import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors/bad-request-error.js';
import { parseChatCompletionRequest, parseEmbeddingRequest } from './validate.js';

function rejection(body: unknown): BadRequestError {
  try {
    parseChatCompletionRequest(body);
  } catch (error) {
    if (BadRequestError.isInstance(error)) return error as BadRequestError;
    throw error;
  }
  throw new Error('expected a BadRequestError');
}

describe('parseChatCompletionRequest', () => {
  it('accepts a full request and keeps unknown fields', () => {
    const request = parseChatCompletionRequest({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '42' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'x', schema: { type: 'object' } },
      },
      stream: true,
      stream_options: { include_usage: true },
      n: 1,
      stop: ['\n'],
      temperature: 0.2,
      top_p: 1,
      max_completion_tokens: 100,
      seed: 7,
      user: 'jane',
      logprobs: true,
      top_logprobs: 2,
      web_search_options: { search_context_size: 'low' },
    });
    expect(request.web_search_options).toEqual({ search_context_size: 'low' });
    expect(request.messages).toHaveLength(4);
  });

  it('names the field that is wrong', () => {
    expect(rejection({ messages: [{ role: 'user', content: 'hi' }] }).param).toBe('model');
    expect(rejection({ model: 'm', messages: 'hi' }).param).toBe('messages');
    const temperature = rejection({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 'hot',
    });
    expect(temperature.param).toBe('temperature');
    expect(temperature.message).toContain("'temperature'");
    expect(rejection({ model: 'm', messages: [{ role: 'robot', content: 'hi' }] }).param).toBe(
      'messages[0].role',
    );
    expect(rejection({ model: 'm', messages: [{ role: 'tool', content: 'x' }] }).param).toBe(
      'messages[0].tool_call_id',
    );
    expect(rejection({ model: 'm', messages: [] }).param).toBe('messages');
    expect(rejection('not an object').status).toBe(400);
  });
});

describe('parseEmbeddingRequest', () => {
  it('accepts strings, lists and token arrays', () => {
    expect(parseEmbeddingRequest({ model: 'e', input: 'hi' }).input).toBe('hi');
    expect(parseEmbeddingRequest({ model: 'e', input: ['a', 'b'], dimensions: 8 }).dimensions).toBe(
      8,
    );
    expect(parseEmbeddingRequest({ model: 'e', input: [1, 2, 3] }).input).toEqual([1, 2, 3]);
  });

  it('rejects a missing input', () => {
    expect(() => parseEmbeddingRequest({ model: 'e' })).toThrow(/input/);
  });
});
