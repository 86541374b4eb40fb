import type { Agent, Dispatcher } from 'undici';
import { loadUndiciTransport, type UndiciTransport } from './undici-transport.js';
import type { UpstreamHeaders, UpstreamResponse } from './upstream-response.js';

/** Redirect hops followed before the last 3xx is answered as it is (as `fetch` does). */
const MAX_REDIRECTIONS = 20;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

let transport: UndiciTransport | undefined;
let pool: Agent | undefined;

/**
 * One keep-alive connection pool per process for every upstream origin. undici's `request`
 * costs a fraction of `fetch`: no Request/Response objects, no web streams unless a streamed
 * body is asked for. undici is loaded on the first upstream call, so a program that injects
 * its own `fetch` never loads it.
 */
function send(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  const agent = pool ?? prepareUpstreamPool();
  transport ??= loadUndiciTransport();
  return transport.request(agent, options);
}

/**
 * Loads undici and creates the pool now, if not yet done: loading undici's files is
 * synchronous (~100 file reads, 20–35 ms that hold the event loop), so a server does it
 * before it takes requests (`warmUp`).
 */
export function prepareUpstreamPool(): Agent {
  transport ??= loadUndiciTransport();
  pool ??= new transport.Agent();
  return pool;
}

/** Whether undici is loaded and the pool created. */
export function upstreamPoolReady(): boolean {
  return pool !== undefined;
}

export interface PooledRequestOptions {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Sends one request through the shared pool. Redirects are followed within the same origin
 * only: an upstream never gets to send the provider's credentials (`authorization`,
 * `x-api-key`, `api-key`, …) to another host; a redirect elsewhere is answered as it is.
 */
export async function pooledRequest(options: PooledRequestOptions): Promise<UpstreamResponse> {
  let { url, method, body } = options;
  let target = splitUrl(url);
  for (let hop = 0; ; hop += 1) {
    const data = await send({
      origin: target.origin,
      path: target.path,
      method,
      headers: options.headers,
      body,
      signal: options.signal,
    });
    const location = redirectStatuses.has(data.statusCode)
      ? firstValue(data.headers.location)
      : undefined;
    if (location === undefined || hop === MAX_REDIRECTIONS) return new PooledResponse(data, url);
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) return new PooledResponse(data, url);
    await data.body.dump();
    // As fetch: after a POST, 301, 302 and 303 ask again with GET and no body.
    if (data.statusCode !== 307 && data.statusCode !== 308 && method === 'POST') {
      method = 'GET';
      body = undefined;
    }
    url = next.href;
    target = splitUrl(url);
  }
}

const simpleUrl = /^(https?:\/\/[^/?#@]+)([/?][^#]*)?/;

/** `http://host:port/path?query` into undici's origin and path, without building a URL. */
function splitUrl(url: string): { origin: string; path: string } {
  const match = simpleUrl.exec(url);
  if (match?.[1] !== undefined) {
    const path = match[2] ?? '/';
    return { origin: match[1], path: path.startsWith('?') ? `/${path}` : path };
  }
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

class PooledResponse implements UpstreamResponse {
  readonly status: number;
  readonly headers: UpstreamHeaders;
  private readonly data: Dispatcher.ResponseData;
  private webBody: ReadableStream<Uint8Array> | undefined;

  constructor(
    data: Dispatcher.ResponseData,
    readonly url: string,
  ) {
    this.data = data;
    this.status = data.statusCode;
    this.headers = new RecordHeaders(data.headers);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get body(): ReadableStream<Uint8Array> {
    this.webBody ??= toWebStream(this.data.body);
    return this.webBody;
  }

  text(): Promise<string> {
    return this.data.body.text();
  }

  json(): Promise<unknown> {
    return this.data.body.json();
  }
}

/** undici's lower-cased header record, read like `Headers` (repeated values joined). */
class RecordHeaders implements UpstreamHeaders {
  constructor(private readonly record: Record<string, string | string[] | undefined>) {}

  get(name: string): string | null {
    const value = this.record[name.toLowerCase()];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : value.join(', ');
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const name of Object.keys(this.record)) {
      const value = this.get(name);
      if (value !== null) callback(value, name);
    }
  }
}

/** A pull-driven web stream over the Node body: nothing is read ahead of the consumer. */
function toWebStream(body: Dispatcher.ResponseData['body']): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value as Uint8Array);
    },
    cancel(reason) {
      body.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}
