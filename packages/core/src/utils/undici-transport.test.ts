import { once } from 'node:events';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadUndiciTransport } from './undici-transport.js';

const realRequire = createRequire(import.meta.url);

async function roundTrip(transport: ReturnType<typeof loadUndiciTransport>): Promise<unknown> {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end('{"ok":true}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const agent = new transport.Agent();
  try {
    const { port } = server.address() as AddressInfo;
    const data = await transport.request(agent, {
      origin: `http://127.0.0.1:${port}`,
      path: '/v1/x',
      method: 'POST',
      body: '{}',
    });
    return { status: data.statusCode, body: await data.body.json() };
  } finally {
    await agent.close();
    server.close();
  }
}

describe('loadUndiciTransport', () => {
  it("loads undici's agent and request() from their own files, not its entry point", async () => {
    const loaded: string[] = [];
    const transport = loadUndiciTransport(id => {
      loaded.push(id);
      return realRequire(id);
    });
    // Fails when an undici upgrade moves these files: the gateway would still work, on the
    // entry point, but carry ~9 MB more RSS.
    expect(transport.loaded).toBe('agent-only');
    expect(loaded).not.toContain('undici');
    expect(await roundTrip(transport)).toEqual({ status: 200, body: { ok: true } });
  });

  it("falls back to undici's entry point when its files have moved", async () => {
    const transport = loadUndiciTransport(id => {
      if (id !== 'undici') throw Object.assign(new Error(`Cannot find ${id}`), { code: 'X' });
      return realRequire(id);
    });
    expect(transport.loaded).toBe('entry');
    expect(await roundTrip(transport)).toEqual({ status: 200, body: { ok: true } });
  });

  it('falls back when a file is there but no longer exports what it did', () => {
    const transport = loadUndiciTransport(id =>
      id === 'undici' ? realRequire(id) : { notAConstructor: true },
    );
    expect(transport.loaded).toBe('entry');
  });
});
