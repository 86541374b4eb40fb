import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../errors/rate-limit-error.js';
import type { ChatCompletionChunk } from '../openai/chat-completion-chunk.js';
import type { ChatStreamPartV1 } from '../provider/provider-v1.js';
import { emptyUsage } from '../provider/usage.js';
import { completionStreamOf as streamOf } from '../test/completion-stream-of.js';

function chunkPart(content: string): ChatStreamPartV1 {
  const chunk: ChatCompletionChunk = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  };
  return { type: 'chunk', chunk };
}

describe('CompletionStream.watch', () => {
  it('shows each watcher every part, in order, before the reader gets it', async () => {
    const usage = { ...emptyUsage, promptTokens: 3, completionTokens: 2, totalTokens: 5 };
    const parts: ChatStreamPartV1[] = [chunkPart('a'), chunkPart('b'), { type: 'usage', usage }];
    const stream = streamOf(parts);
    const log: string[] = [];
    stream.watch(part => log.push(`first:${part.type}`));
    stream.watch(part => log.push(`second:${part.type}`));
    for await (const part of stream.parts()) log.push(`read:${part.type}`);
    expect(log).toEqual([
      'first:chunk',
      'second:chunk',
      'read:chunk',
      'first:chunk',
      'second:chunk',
      'read:chunk',
      'first:usage',
      'second:usage',
      'read:usage',
    ]);
    expect((await stream.done).usage).toEqual(usage);
  });

  it('sees an error part, and the reader still gets it', async () => {
    const error = new RateLimitError({ message: 'slow down', llmProvider: 'openai' });
    const stream = streamOf([chunkPart('a'), { type: 'error', error }]);
    const seen: unknown[] = [];
    stream.watch(part => {
      if (part.type === 'error') seen.push(part.error);
    });
    await expect(async () => {
      for await (const _chunk of stream) {
        // read to the error
      }
    }).rejects.toBe(error);
    expect(seen).toEqual([error]);
  });

  it('is not called for a stream cancelled before it was read', async () => {
    const stream = streamOf([chunkPart('a')]);
    const seen: ChatStreamPartV1[] = [];
    stream.watch(part => seen.push(part));
    await stream.cancel();
    expect(seen).toEqual([]);
    expect((await stream.done).usage_estimated).toBe(true);
  });
});
