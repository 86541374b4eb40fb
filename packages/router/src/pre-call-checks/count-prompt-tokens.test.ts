import { describe, expect, it } from 'vitest';
import { countPromptTokens, encodingForModel } from './count-prompt-tokens.js';

describe('countPromptTokens', () => {
  it('picks o200k_base for the gpt-4o / 4.1 / 5 / o-series family, cl100k_base otherwise', () => {
    for (const model of [
      'gpt-4o',
      'openai/gpt-4o-mini',
      'gpt-4.1',
      'gpt-5-mini',
      'o1',
      'o3-mini',
      'o4-mini',
    ])
      expect(encodingForModel(model)).toBe('o200k_base');
    for (const model of ['gpt-4', 'gpt-3.5-turbo', 'anthropic/claude-sonnet-4-20250514', 'omni'])
      expect(encodingForModel(model)).toBe('cl100k_base');
  });

  it('counts a known string with OpenAI’s per-message overhead', async () => {
    // "The quick brown fox jumps over the lazy dog." is 10 tokens in both encodings;
    // 3 per message + 1 for the role "user" + 3 to prime the reply.
    const messages = [
      { role: 'user' as const, content: 'The quick brown fox jumps over the lazy dog.' },
    ];
    expect(await countPromptTokens(messages, 'gpt-4o')).toBe(17);
    expect(await countPromptTokens(messages, 'gpt-3.5-turbo')).toBe(17);
    expect(
      await countPromptTokens([{ role: 'user', content: 'Hello world' }], 'openai/gpt-4o'),
    ).toBe(9);
  });

  it('differs between the encodings where the vocabularies do', async () => {
    const text = 'Ünïcödé テキスト 1234567890 '.repeat(20);
    const o200k = await countPromptTokens([{ role: 'user', content: text }], 'gpt-4o');
    const cl100k = await countPromptTokens([{ role: 'user', content: text }], 'gpt-4');
    expect(o200k).toBeLessThan(cl100k);
  });

  it('counts names, text parts, tool calls and images', async () => {
    const plain = await countPromptTokens(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello world' },
      ],
      'gpt-4o',
    );
    const named = await countPromptTokens(
      [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: 'Hello world', name: 'bob' },
      ],
      'gpt-4o',
    );
    expect(named).toBe(plain + 1 + 1); // "bob" is one token, plus 1 per name
    const withImage = await countPromptTokens(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hello world' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
          ],
        },
      ],
      'gpt-4o',
    );
    expect(withImage).toBe(9 + 85);
    const withToolCall = await countPromptTokens(
      [
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
          ],
        },
      ],
      'gpt-4o',
    );
    expect(withToolCall).toBeGreaterThan(3 + 3 + 1);
  });

  it('counts special-token text as plain text instead of throwing', async () => {
    const count = await countPromptTokens(
      [{ role: 'user', content: 'hi <|endoftext|> there' }],
      'gpt-4o',
    );
    expect(count).toBeGreaterThan(7);
  });
});
