import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers on a route. */
export type MockResponse =
  | { type: 'json'; status?: number; headers?: Record<string, string>; body: unknown }
  | {
      type: 'sse';
      status?: number;
      headers?: Record<string, string>;
      /** Complete frames (`data: …\n\n`), each sent as its own write. */
      events: string[];
      /** Pause before each frame and before the final step (`end`). */
      delayMs?: number;
      /** After the last frame: end the response (default), destroy the socket, or wait forever. */
      end?: 'close' | 'reset' | 'hang';
    }
  | { type: 'raw'; status: number; headers: Record<string, string>; body: string }
  | { type: 'hang' }
  | { type: 'reset' };

export interface MockServerCall {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** The query string, with its `?`, or `''`. */
  readonly search: string;
  /** Request headers, lower-cased. */
  readonly headers: Record<string, string>;
  readonly requestBody: string;
  /** The body parsed as JSON; `undefined` when it is empty or not JSON. */
  readonly requestBodyJson: unknown;
  /** True once the client closed the connection before the response was complete. */
  readonly clientClosed: boolean;
  /** Resolves when the client closes the connection before the response is complete. */
  readonly clientClose: Promise<void>;
}

export interface MockProviderServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly calls: MockServerCall[];
  /**
   * Queues a response for `routeKey` (`'POST /v1/chat/completions'`). Calls take queued
   * responses in order; the last one keeps answering. Unmatched routes get a 404.
   */
  respond(routeKey: string, response: MockResponse): void;
  /** Stops the server, cutting open connections (hung requests included). Safe to call twice. */
  close(): Promise<void>;
}

// Recorded responses store decoded bodies, so their framing headers no longer apply.
const framingHeaders = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
]);

function withoutFramingHeaders(
  headers: Record<string, string> | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!framingHeaders.has(name.toLowerCase())) result[name] = value;
  }
  return result;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, milliseconds));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function destroySocket(response: ServerResponse, state: { destroyedByServer: boolean }): void {
  state.destroyedByServer = true;
  response.socket?.destroy();
}

async function writeResponse(
  response: ServerResponse,
  mock: MockResponse,
  state: { destroyedByServer: boolean },
): Promise<void> {
  switch (mock.type) {
    case 'json':
      response.writeHead(mock.status ?? 200, {
        'content-type': 'application/json',
        ...withoutFramingHeaders(mock.headers),
      });
      response.end(JSON.stringify(mock.body));
      return;
    case 'raw':
      response.writeHead(mock.status, mock.headers);
      response.end(mock.body);
      return;
    case 'sse':
      response.writeHead(mock.status ?? 200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        ...withoutFramingHeaders(mock.headers),
      });
      response.flushHeaders();
      for (const event of mock.events) {
        if (mock.delayMs) await sleep(mock.delayMs);
        if (response.destroyed) return;
        response.write(event);
      }
      if (mock.delayMs) await sleep(mock.delayMs);
      if (response.destroyed) return;
      if (mock.end === 'reset') destroySocket(response, state);
      else if (mock.end !== 'hang') response.end();
      return;
    case 'reset':
      destroySocket(response, state);
      return;
    case 'hang':
      return;
  }
}

/** A real HTTP server on 127.0.0.1 (random port) that replays scripted responses. */
export async function createMockProviderServer(): Promise<MockProviderServer> {
  const routes = new Map<string, MockResponse[]>();
  const calls: MockServerCall[] = [];
  let closed: Promise<void> | undefined;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestBody = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let markClientClosed = (): void => undefined;
    const call = {
      method: request.method ?? 'GET',
      path: url.pathname,
      search: url.search,
      headers,
      requestBody,
      requestBodyJson: requestBody === '' ? undefined : parseJson(requestBody),
      clientClosed: false,
      clientClose: new Promise<void>(resolve => {
        markClientClosed = resolve;
      }),
    };
    calls.push(call);

    const routeKey = `${call.method} ${call.path}`;
    const queue = routes.get(routeKey);
    const mock = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    const state = { destroyedByServer: false };
    response.on('close', () => {
      if (!response.writableFinished && closed === undefined && !state.destroyedByServer) {
        call.clientClosed = true;
        markClientClosed();
      }
    });

    if (!mock) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `No mock response for ${routeKey}` } }));
      return;
    }
    await writeResponse(response, mock, state);
  }

  const server = createServer((request, response) => {
    // A client that goes away mid-request is what abort tests provoke; not a server failure.
    handle(request, response).catch(() => response.destroy());
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    respond(routeKey, response) {
      const queue = routes.get(routeKey) ?? [];
      queue.push(response);
      routes.set(routeKey, queue);
    },
    close() {
      if (!closed) {
        server.closeAllConnections();
        closed = new Promise<void>((resolve, reject) => {
          server.close(error => (error ? reject(error) : resolve()));
        });
      }
      return closed;
    },
  };
}
