import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockProviderServer, type MockProviderServer } from './mock-provider-server.js';

describe('createMockProviderServer', () => {
  let server: MockProviderServer;
  beforeEach(async () => {
    server = await createMockProviderServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('records the call and answers JSON, dropping recorded framing headers', async () => {
    server.respond('POST /v1/chat/completions', {
      type: 'json',
      status: 201,
      headers: { 'x-request-id': 'req_1', 'content-encoding': 'gzip', 'content-length': '9' },
      body: { ok: true },
    });
    const response = await fetch(`${server.url}/v1/chat/completions?a=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer k' },
      body: JSON.stringify({ model: 'm' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(await response.json()).toEqual({ ok: true });
    const call = server.calls[0];
    expect(call).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      search: '?a=1',
      requestBodyJson: { model: 'm' },
      clientClosed: false,
    });
    expect(call?.headers.authorization).toBe('Bearer k');
    expect(call?.headers['content-type']).toBe('application/json');
  });

  it('serves queued responses in order, repeating the last', async () => {
    server.respond('POST /x', { type: 'raw', status: 500, headers: {}, body: 'boom' });
    server.respond('POST /x', { type: 'raw', status: 200, headers: {}, body: 'fine' });
    const statuses: number[] = [];
    for (let call = 0; call < 3; call++) {
      const response = await fetch(`${server.url}/x`, { method: 'POST' });
      await response.text();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([500, 200, 200]);
  });

  it('answers unmatched routes with 404', async () => {
    const response = await fetch(`${server.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: 'No mock response for GET /nope' } });
  });

  it('streams SSE frames as separate writes', async () => {
    server.respond('POST /s', { type: 'sse', events: ['data: 1\n\n', 'data: 2\n\n'], delayMs: 5 });
    const response = await fetch(`${server.url}/s`, { method: 'POST' });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('data: 1\n\ndata: 2\n\n');
  });

  it('resets the socket', async () => {
    server.respond('POST /r', { type: 'reset' });
    await expect(fetch(`${server.url}/r`, { method: 'POST' })).rejects.toThrow();
    expect(server.calls[0]?.clientClosed).toBe(false);
  });

  it('sees a client abort on a hung request', async () => {
    server.respond('POST /h', { type: 'hang' });
    const controller = new AbortController();
    const pending = fetch(`${server.url}/h`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    await expect.poll(() => server.calls.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await server.calls[0]?.clientClose;
    expect(server.calls[0]?.clientClosed).toBe(true);
  });

  it('closes while a request hangs', async () => {
    server.respond('POST /h', { type: 'hang' });
    const pending = fetch(`${server.url}/h`, { method: 'POST' }).catch((error: unknown) => error);
    await expect.poll(() => server.calls.length).toBe(1);
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(server.calls[0]?.clientClosed).toBe(false);
  });
});
