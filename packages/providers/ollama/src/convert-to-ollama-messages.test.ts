import { BadRequestError, type ChatCompletionMessage } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { convertToOllamaMessages } from './convert-to-ollama-messages.js';

const context = { llmProvider: 'ollama', model: 'llava' };

function convert(messages: ChatCompletionMessage[]) {
  return convertToOllamaMessages(messages, context);
}

function errorOf(messages: ChatCompletionMessage[]): unknown {
  try {
    convert(messages);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('convertToOllamaMessages', () => {
  it('keeps system messages inline (developer too) and joins text parts with a line break', () => {
    expect(
      convert([
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'system',
          content: [
            { type: 'text', text: 'One.' },
            { type: 'text', text: 'Two.' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'text', text: 'there' },
          ],
          name: 'ann',
        },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
        { role: 'assistant', content: null },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'One.\nTwo.' },
      { role: 'user', content: 'Hi\nthere' },
      { role: 'assistant', content: 'Hello' },
      { role: 'assistant', content: '' },
    ]);
  });

  it('collects every image of a user message, in order, as bare base64', () => {
    expect(
      convert([
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } },
            { type: 'text', text: 'Compare these.' },
            {
              type: 'image_url',
              image_url: { url: 'data:image/jpeg;name=a.jpg;base64,/9j/4AAQ\n' },
            },
          ],
        },
      ]),
    ).toEqual([{ role: 'user', content: 'Compare these.', images: ['iVBORw0K', '/9j/4AAQ'] }]);
  });

  it.each([
    [
      'an http URL',
      { type: 'image_url', image_url: { url: 'http://example.com/a.png' } },
      /does not take image URLs/,
    ],
    [
      'a non-image data: URL',
      { type: 'image_url', image_url: { url: 'data:application/pdf;base64,JVBER' } },
      /only images/,
    ],
    [
      'a data: URL that is not base64',
      { type: 'image_url', image_url: { url: 'data:image/svg+xml,<svg/>' } },
      /expected a base64 data: URL/,
    ],
    [
      'audio',
      { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
      /'input_audio' content parts/,
    ],
  ])('rejects %s with the part as param', (_, part, message) => {
    const error = errorOf([
      { role: 'user', content: 'first' },
      { role: 'user', content: [{ type: 'text', text: 'x' }, part] as never },
    ]);

    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ param: 'messages[1].content[1]', llmProvider: 'ollama' });
    expect((error as Error).message).toMatch(message);
  });

  it('names tool results after the latest call with that id, since ids repeat across turns', () => {
    const call = (name: string) => ({
      role: 'assistant' as const,
      content: null,
      tool_calls: [{ id: 'call_0', type: 'function' as const, function: { name, arguments: '' } }],
    });

    expect(
      convert([
        call('first'),
        { role: 'tool', tool_call_id: 'call_0', content: [{ type: 'text', text: 'one' }] },
        call('second'),
        { role: 'tool', tool_call_id: 'call_0', content: 'two' },
        { role: 'tool', tool_call_id: 'unknown', content: 'three' },
        { role: 'function', name: 'legacy', content: null },
      ]).slice(1),
    ).toEqual([
      { role: 'tool', content: 'one', tool_call_id: 'call_0', tool_name: 'first' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'call_0', function: { name: 'second', arguments: {} } }],
      },
      { role: 'tool', content: 'two', tool_call_id: 'call_0', tool_name: 'second' },
      { role: 'tool', content: 'three', tool_call_id: 'unknown' },
      { role: 'tool', content: '', tool_name: 'legacy' },
    ]);
  });

  it('rejects tool-call arguments that are JSON but not an object', () => {
    const error = errorOf([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '[1]' } }],
      },
    ]);

    expect(error).toMatchObject({ param: 'messages[0].tool_calls[0].function.arguments' });
  });
});
