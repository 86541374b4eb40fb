import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as serveWithNode } from '@hono/node-server';

export interface ServeOptions {
  /** Anything with Hono's `fetch`, e.g. the app from `createApp()`. */
  app: { fetch(request: Request, env?: object): Response | Promise<Response> };
  /** 0 picks a free port. Default 4000 (LiteLLM's). */
  port?: number | undefined;
  /** Default `127.0.0.1`; `0.0.0.0` listens on every interface. */
  hostname?: string | undefined;
  /** How long `close()` lets open requests (streams) finish before cutting them. Default 10000 ms. */
  closeGraceMs?: number | undefined;
}

export interface RunningServer {
  /** `http://<host>:<port>` with the port actually bound. */
  url: string;
  port: number;
  /** Stops accepting connections and resolves when open requests have ended (or were cut). */
  close(): Promise<void>;
}

function urlHost(hostname: string): string {
  if (hostname === '0.0.0.0') return '127.0.0.1';
  if (hostname === '::') return '[::1]';
  return hostname.includes(':') ? `[${hostname}]` : hostname;
}

/**
 * Listens with `@hono/node-server`.
 *
 * @example
 * const server = await serve({ app, port: 4000, hostname: '0.0.0.0' });
 * console.log(`listening on ${server.url}`);
 * await server.close();
 */
export function serve(options: ServeOptions): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const closeGraceMs = options.closeGraceMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const server = serveWithNode(
      // The Node request and response go along as Hono's `c.env` (see watch-client-disconnect).
      {
        fetch: (request, env) => options.app.fetch(request, env),
        port: options.port ?? 4000,
        hostname,
      },
      (info: AddressInfo) => {
        server.off('error', reject);
        let closing: Promise<void> | undefined;
        // Once closing, a request that arrives on a kept-alive connection is answered and its
        // connection ends: without this, clients under load keep their connections busy and
        // the server never finishes closing.
        server.prependListener('request', (_request: unknown, response: ServerResponse) => {
          if (closing) response.shouldKeepAlive = false;
        });
        resolve({
          url: `http://${urlHost(hostname)}:${info.port}`,
          port: info.port,
          close: () => {
            closing ??= new Promise<void>((resolveClose, rejectClose) => {
              const cut = setTimeout(() => {
                if ('closeAllConnections' in server) server.closeAllConnections();
              }, closeGraceMs);
              cut.unref();
              server.close(error => {
                clearTimeout(cut);
                if (error) rejectClose(error);
                else resolveClose();
              });
              if ('closeIdleConnections' in server) server.closeIdleConnections();
            });
            return closing;
          },
        });
      },
    );
    server.once('error', reject);
  });
}
