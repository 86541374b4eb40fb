import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('./undici-transport.js', async importOriginal => {
  const actual = await importOriginal<typeof import('./undici-transport.js')>();
  return {
    loadUndiciTransport: () => {
      loads.count += 1;
      return actual.loadUndiciTransport();
    },
  };
});

const { fetchUpstream } = await import('./fetch-upstream.js');

const server = createServer((_request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end('{"ok":true}');
});
let url = '';
beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/x`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const call = (fetch?: typeof globalThis.fetch) =>
  fetchUpstream({ url, headers: {}, body: '{}', fetch, llmProvider: 'openai', model: 'm' }).then(
    response => response.json(),
  );

describe('when undici is loaded', () => {
  it('not for calls through an injected fetch; once, on the first pooled call', async () => {
    expect(await call(globalThis.fetch)).toEqual({ ok: true });
    expect(loads.count).toBe(0);
    expect(await call()).toEqual({ ok: true });
    expect(await call()).toEqual({ ok: true });
    expect(loads.count).toBe(1);
  });
});
