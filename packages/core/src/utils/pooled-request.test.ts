import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { APITimeoutError } from '../errors/api-timeout-error.js';
import { fetchUpstream } from './fetch-upstream.js';
import { pooledRequest } from './pooled-request.js';

let server: Server | undefined;

async function listen(
  handler: (body: string, response: ServerResponse) => void,
): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => handler(body, response));
  });
  server.on('connection', () => {
    connections += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, connections: () => connections };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise(resolve => server?.close(resolve));
  server = undefined;
});

describe('pooledRequest', () => {
  it('keeps connections alive: 20 sequential requests reuse their connections', async () => {
    const upstream = await listen((body, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ echo: body }));
    });
    for (let index = 0; index < 20; index += 1) {
      const response = await pooledRequest({
        url: `${upstream.url}/v1/x`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"n":${index}}`,
      });
      expect(await response.json()).toEqual({ echo: `{"n":${index}}` });
    }
    // The next request can be sent just before the last one's connection is released.
    expect(upstream.connections()).toBeLessThanOrEqual(2);
  });

  it('reads headers like Headers: case-insensitive, repeated values joined', async () => {
    const upstream = await listen((_body, response) => {
      response.setHeader('X-Request-Id', 'req_1');
      response.setHeader('Set-Cookie', ['a=1', 'b=2']);
      response.statusCode = 429;
      response.end('{"error":{"message":"slow down"}}');
    });
    const response = await pooledRequest({ url: upstream.url, method: 'GET', headers: {} });
    expect(response.status).toBe(429);
    expect(response.ok).toBe(false);
    expect(response.url).toBe(upstream.url);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(response.headers.get('X-REQUEST-ID')).toBe('req_1');
    expect(response.headers.get('absent')).toBeNull();
    const seen: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      seen[name] = value;
    });
    expect(seen).toMatchObject({ 'x-request-id': 'req_1', 'set-cookie': 'a=1, b=2' });
    expect(await response.text()).toBe('{"error":{"message":"slow down"}}');
  });

  it('streams the body as it arrives, without reading ahead', async () => {
    let release: (() => void) | undefined;
    const upstream = await listen((_body, response) => {
      response.write('data: 1\n\n');
      release = () => response.end('data: 2\n\n');
    });
    const response = await pooledRequest({ url: upstream.url, method: 'POST', headers: {} });
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: 1\n\n');
    release?.();
    const second = await reader.read();
    expect(new TextDecoder().decode(second.value)).toBe('data: 2\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('a timeout while the body streams fails the read with APITimeoutError', async () => {
    const upstream = await listen((_body, response) => {
      response.write('data: 1\n\n');
    });
    const controller = new AbortController();
    const response = await fetchUpstream({
      url: upstream.url,
      headers: {},
      abortSignal: controller.signal,
      llmProvider: 'openai',
      model: 'm',
    });
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    await reader.read();
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    await expect(reader.read()).rejects.toThrow();
  });

  it('a timeout before the answer is an APITimeoutError naming the model', async () => {
    await listen(() => undefined);
    const address = server?.address() as AddressInfo;
    const error = await fetchUpstream({
      url: `http://127.0.0.1:${address.port}/`,
      headers: {},
      abortSignal: AbortSignal.timeout(50),
      llmProvider: 'openai',
      model: 'gpt-4o',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as APITimeoutError).message).toContain('openai/gpt-4o');
  });
});

describe('pooledRequest redirects', () => {
  /** Redirects `/old` to `location`; every other path answers what it received. */
  function redirectingUpstream(status: number, location: string) {
    return listen((body, response) => {
      if (response.req.url === '/old') {
        response.writeHead(status, { location }).end();
        return;
      }
      response.end(JSON.stringify({ path: response.req.url, method: response.req.method, body }));
    });
  }

  it('follows a 307 within the origin, sending the method and body again', async () => {
    const upstream = await redirectingUpstream(307, '/new');
    const response = await pooledRequest({
      url: `${upstream.url}/old`,
      method: 'POST',
      headers: { authorization: 'Bearer sk-upstream' },
      body: '{"model":"m"}',
    });
    expect(await response.json()).toEqual({ path: '/new', method: 'POST', body: '{"model":"m"}' });
  });

  it('asks again with GET after a 303', async () => {
    const upstream = await redirectingUpstream(303, '/new?x=1');
    const response = await pooledRequest({
      url: `${upstream.url}/old`,
      method: 'POST',
      headers: {},
      body: '{"model":"m"}',
    });
    expect(await response.json()).toEqual({ path: '/new?x=1', method: 'GET', body: '' });
  });

  it('does not follow a redirect to another origin: the credentials stay home', async () => {
    const elsewhere = createServer((request, response) => {
      seenElsewhere.push(request.headers.authorization ?? '');
      response.end('{}');
    });
    const seenElsewhere: string[] = [];
    elsewhere.listen(0, '127.0.0.1');
    await once(elsewhere, 'listening');
    const { port } = elsewhere.address() as AddressInfo;
    try {
      const upstream = await listen((_body, response) => {
        response.writeHead(302, { location: `http://localhost:${port}/steal` }).end();
      });
      const response = await pooledRequest({
        url: `${upstream.url}/v1/chat/completions`,
        method: 'POST',
        headers: { authorization: 'Bearer sk-upstream' },
        body: '{}',
      });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`http://localhost:${port}/steal`);
      expect(seenElsewhere).toEqual([]);
    } finally {
      elsewhere.close();
    }
  });

  it('gives up after 20 hops and answers the last redirect', async () => {
    let hops = 0;
    const upstream = await listen((_body, response) => {
      hops += 1;
      response.writeHead(307, { location: `/hop${hops}` }).end();
    });
    const response = await pooledRequest({ url: upstream.url, method: 'GET', headers: {} });
    expect(response.status).toBe(307);
    expect(hops).toBe(21);
  });
});
