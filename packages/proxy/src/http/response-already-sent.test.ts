import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
});

describe('responseAlreadySent', () => {
  it('lets node-server leave a response written by hand alone, even when loaded after serve() started', async () => {
    // A listener swaps the global Response for node-server's own before the module loads.
    getRequestListener(() => new Response(null));
    vi.resetModules();
    const { responseAlreadySent } = await import('./response-already-sent.js');

    const errors: unknown[] = [];
    const server = http.createServer(
      getRequestListener(
        (_request, env) => {
          const { outgoing } = env as HttpBindings;
          outgoing.writeHead(200, { 'content-type': 'text/plain' });
          outgoing.end('written by hand');
          return responseAlreadySent;
        },
        { errorHandler: error => void errors.push(error) },
      ),
    );
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;

    const answer = await fetch(`http://127.0.0.1:${port}/`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('written by hand');
    expect(errors).toEqual([]);
  });
});
