import { once } from 'node:events';
import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ChatCompletionChunk,
  type ChatStreamPartV1,
  type CompletionStream,
  emptyUsage,
  RateLimitError,
} from '@llmux/core';
import { completionStreamOf as completionStream, textChunkPart } from '@llmux/core/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SseOutcome, SseResponseOptions } from './sse-events.js';
import { writeSseToNode } from './write-sse-to-node.js';

const chunk = (content: string, extra: Partial<ChatCompletionChunk> = {}): ChatStreamPartV1 =>
  textChunkPart(content, { model: 'gpt-4o-mini-2024-07-18', ...extra });

interface Served {
  url: string;
  response: Promise<ServerResponse>;
  outcome: Promise<SseOutcome>;
  onClientDisconnect: ReturnType<typeof vi.fn>;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
});

/** A loopback server that answers one request with `stream`, written by `writeSseToNode`. */
async function serveStream(
  stream: CompletionStream,
  options: Partial<SseResponseOptions> = {},
  spy?: (outgoing: ServerResponse) => void,
): Promise<Served> {
  const onClientDisconnect = vi.fn();
  let answer!: (outgoing: ServerResponse) => void;
  const response = new Promise<ServerResponse>(resolve => {
    answer = resolve;
  });
  let settle!: (outcome: Promise<SseOutcome>) => void;
  const outcome = new Promise<SseOutcome>(resolve => {
    settle = value => resolve(value);
  });
  const server = http.createServer((_request, outgoing) => {
    spy?.(outgoing);
    settle(
      writeSseToNode(outgoing, stream, {
        modelGroup: 'my-group',
        callId: 'call-1',
        headers: { 'x-litellm-call-id': 'call-1' },
        includeUsage: false,
        onClientDisconnect,
        ...options,
      }),
    );
    answer(outgoing);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, response, outcome, onClientDisconnect };
}

function events(body: string): string[] {
  return body
    .split('\n\n')
    .filter(event => event !== '')
    .map(event => event.replace(/^data: /, ''));
}

describe('writeSseToNode', () => {
  it('writes the events of one turn in one write, restamped, then [DONE]', async () => {
    let later!: ReadableStreamDefaultController<ChatStreamPartV1>;
    const writes: string[] = [];
    const stream = completionStream({
      start(controller) {
        later = controller;
        controller.enqueue(chunk('a'));
        controller.enqueue(chunk('b'));
        controller.enqueue({
          type: 'usage',
          usage: { ...emptyUsage, promptTokens: 1, completionTokens: 3, totalTokens: 4 },
        });
        controller.enqueue(
          chunk('', {
            choices: [],
            usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
          }),
        );
      },
    });
    const served = await serveStream(stream, {}, outgoing => {
      const write = outgoing.write.bind(outgoing) as (text: string) => boolean;
      vi.spyOn(outgoing, 'write').mockImplementation(((text: string) => {
        writes.push(text);
        return write(text);
      }) as ServerResponse['write']);
    });

    const answer = await fetch(served.url);
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    expect(answer.headers.get('x-litellm-call-id')).toBe('call-1');
    const reader = answer.body?.getReader();
    let first = '';
    while (!first.endsWith('\n\n') || events(first).length < 2) {
      first += new TextDecoder().decode((await reader?.read())?.value);
    }
    // The two content chunks left together; the usage part and the usage-only chunk (not asked for) did not.
    expect(writes).toHaveLength(1);
    expect(events(first).map(data => JSON.parse(data).choices[0].delta.content)).toEqual([
      'a',
      'b',
    ]);
    expect(events(first).every(data => JSON.parse(data).model === 'my-group')).toBe(true);

    later.enqueue(chunk('c'));
    later.close();
    let rest = '';
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
      rest += new TextDecoder().decode(next.value);
    }
    expect(events(rest)).toEqual([expect.stringContaining('"content":"c"'), '[DONE]']);
    const outcome = await served.outcome;
    expect(outcome).toMatchObject({ clientDisconnected: false, responseId: 'chatcmpl-1' });
    expect(outcome.completionStartedAt).toBeInstanceOf(Date);
    expect(served.onClientDisconnect).not.toHaveBeenCalled();
  });

  it('sends usage-only chunks to a client that asked for usage', async () => {
    const stream = completionStream({
      start(controller) {
        controller.enqueue(chunk('a'));
        controller.enqueue(
          chunk('', {
            choices: [],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
        controller.close();
      },
    });
    const served = await serveStream(stream, { includeUsage: true });
    const body = await (await fetch(served.url)).text();
    expect(events(body)).toHaveLength(3);
    expect(JSON.parse(events(body)[1] ?? '').usage).toEqual({
      prompt_tokens: 1,
      completion_tokens: 1,
      total_tokens: 2,
    });
  });

  it('ends with one error event and no [DONE] when the upstream fails mid-stream', async () => {
    const stream = completionStream({
      start(controller) {
        controller.enqueue(chunk('a'));
        controller.enqueue({ type: 'error', error: new RateLimitError({ message: 'slow down' }) });
        controller.close();
      },
    });
    const served = await serveStream(stream);
    const body = await (await fetch(served.url)).text();
    const sent = events(body);
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1] ?? '')).toEqual({
      error: { message: 'slow down', type: 'rate_limit_error', param: null, code: '429' },
    });
    expect((await served.outcome).error).toBeInstanceOf(RateLimitError);
  });

  it('reads no further from the upstream while the client is not reading', async () => {
    const big = 'x'.repeat(64 * 1024);
    let pulls = 0;
    const stream = completionStream({
      pull(controller) {
        pulls += 1;
        if (pulls > 400) controller.close();
        else controller.enqueue(chunk(big));
      },
    });
    const served = await serveStream(stream);
    const answer = await fetch(served.url);
    const reader = answer.body?.getReader();
    await reader?.read();
    // The socket buffers fill; once they do, the pulls stop well short of the 400 available.
    let seen = -1;
    while (seen !== pulls) {
      seen = pulls;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    expect(pulls).toBeLessThan(400);

    let bytes = 0;
    let text = '';
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
      bytes += next.value.byteLength;
      text = new TextDecoder().decode(next.value.subarray(-32));
    }
    expect(pulls).toBe(401);
    expect(bytes).toBeGreaterThan(399 * big.length);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('cancels the upstream at once when the client left before the stream started', async () => {
    const cancel = vi.fn();
    const stream = completionStream({ pull: () => new Promise(() => undefined), cancel });
    const onClientDisconnect = vi.fn();
    let outcome: Promise<SseOutcome> | undefined;
    const server = http.createServer((_request, outgoing) => {
      outgoing.destroy();
      // Its `close` has come and gone before the stream starts.
      outgoing.once('close', () => {
        outcome = writeSseToNode(outgoing, stream, {
          modelGroup: 'my-group',
          callId: 'call-1',
          headers: {},
          includeUsage: false,
          onClientDisconnect,
        });
        server.emit('started');
      });
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const started = once(server, 'started');
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
    await started;
    expect((await outcome)?.clientDisconnected).toBe(true);
    expect(onClientDisconnect).toHaveBeenCalledOnce();
    expect(cancel).toHaveBeenCalledOnce();
  });

  it('cancels the upstream when the client goes away', async () => {
    const cancel = vi.fn();
    const stream = completionStream({
      start(controller) {
        controller.enqueue(chunk('a'));
      },
      cancel,
    });
    const served = await serveStream(stream);
    const aborter = new AbortController();
    const answer = await fetch(served.url, { signal: aborter.signal });
    await answer.body?.getReader().read();
    aborter.abort();

    const outcome = await served.outcome;
    expect(outcome.clientDisconnected).toBe(true);
    expect(served.onClientDisconnect).toHaveBeenCalledOnce();
    expect(cancel).toHaveBeenCalledOnce();
    expect(await stream.done).toMatchObject({ custom_llm_provider: 'openai' });
    expect((await served.response).writableFinished).toBe(false);
  });
});
