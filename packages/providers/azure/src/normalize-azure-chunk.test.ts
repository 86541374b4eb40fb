import type { ChatCompletionChunk } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { normalizeAzureChunk } from './normalize-azure-chunk.js';

describe('normalizeAzureChunk', () => {
  it('names the prompt-filter chunk a chat.completion.chunk of the deployment, filter results kept', () => {
    const chunk = {
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
    } as ChatCompletionChunk;

    expect(normalizeAzureChunk(chunk, 'gpt-4o')).toEqual({
      ...chunk,
      object: 'chat.completion.chunk',
      model: 'gpt-4o',
    });
  });

  it('returns an ordinary chunk as the same object', () => {
    const chunk: ChatCompletionChunk = {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-2024-11-20',
      choices: [{ index: 0, delta: { content: 'Hi' } }],
    };

    expect(normalizeAzureChunk(chunk, 'gpt-4o')).toBe(chunk);
  });
});
