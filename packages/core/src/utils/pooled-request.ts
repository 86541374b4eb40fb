import { Agent, type Dispatcher, interceptors, request } from 'undici';
import type { UpstreamHeaders, UpstreamResponse } from './upstream-response.js';

/** Redirects followed before the last 3xx is answered as it is (as `fetch` does). */
const MAX_REDIRECTIONS = 20;

let pool: Dispatcher | undefined;

/**
 * One keep-alive connection pool per process for every upstream origin. undici's `request`
 * costs a fraction of `fetch`: no Request/Response objects, no web streams unless a streamed
 * body is asked for.
 */
function upstreamPool(): Dispatcher {
  pool ??= new Agent().compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }));
  return pool;
}

export interface PooledRequestOptions {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** Sends one request through the shared pool. */
export async function pooledRequest(options: PooledRequestOptions): Promise<UpstreamResponse> {
  const data = await request(options.url, {
    method: options.method,
    headers: options.headers,
    body: options.body,
    signal: options.signal,
    dispatcher: upstreamPool(),
  });
  return new PooledResponse(data, options.url);
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
