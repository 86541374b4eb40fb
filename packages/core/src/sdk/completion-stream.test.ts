import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../errors/rate-limit-error.js';
import type { ChatStreamPartV1 } from '../provider/provider-v1.js';
import { emptyUsage } from '../provider/usage.js';
import {
  textChunkPart as chunkPart,
  completionStreamOf as streamOf,
} from '../test/completion-stream-of.js';

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

describe('CompletionStream.read', () => {
  it('reads parts one at a time, then done; the accounting settles with the end', async () => {
    const stream = streamOf([chunkPart('a'), chunkPart('bc')]);
    const first = await stream.read();
    expect(first.done === false && first.value.type).toBe('chunk');
    expect((await stream.read()).done).toBe(false);
    expect((await stream.read()).done).toBe(true);
    expect((await stream.read()).done).toBe(true);
    const hidden = await stream.done;
    expect(hidden.usage_estimated).toBe(true);
    expect(hidden.usage.completionTokens).toBe(1);
  });

  it('is the last read at an error part: done settles then', async () => {
    const error = new RateLimitError({ message: 'slow down', llmProvider: 'openai' });
    const stream = streamOf([chunkPart('a'), { type: 'error', error }, chunkPart('never')]);
    await stream.read();
    const errored = await stream.read();
    expect(errored.done === false && errored.value.type).toBe('error');
    await stream.done;
    expect((await stream.read()).done).toBe(true);
  });

  it('cancel() between reads cancels the upstream and settles done', async () => {
    let cancelled = false;
    const stream = streamOf({
      pull: controller => controller.enqueue(chunkPart('a')),
      cancel: () => {
        cancelled = true;
      },
    });
    await stream.read();
    await stream.cancel();
    expect(cancelled).toBe(true);
    await stream.done;
    expect((await stream.read()).done).toBe(true);
  });

  it('cancel() during a read waiting on the upstream answers it with done', async () => {
    let cancelled = false;
    const stream = streamOf({
      pull: () => new Promise(() => undefined),
      cancel: () => {
        cancelled = true;
      },
    });
    const waiting = stream.read();
    await stream.cancel();
    expect((await waiting).done).toBe(true);
    expect(cancelled).toBe(true);
    await stream.done;
  });

  it('ends the stream when the upstream read fails, and passes the failure on', async () => {
    const failure = new Error('socket hang up');
    const stream = streamOf({ pull: controller => controller.error(failure) });
    await expect(stream.read()).rejects.toBe(failure);
    await stream.done;
  });

  it('is either read() or parts(), not both', async () => {
    const byRead = streamOf([chunkPart('a')]);
    await byRead.read();
    await expect(byRead.parts().next()).rejects.toThrow('read only once');
    const byParts = streamOf([chunkPart('a')]);
    await byParts.parts().next();
    expect(() => byParts.read()).toThrow('read only once');
  });
});
