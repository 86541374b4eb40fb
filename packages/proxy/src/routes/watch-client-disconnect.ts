import { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';

const disconnected = 'Client connection prematurely closed.';

/** The Node response under `serve()` (node-server passes it as `c.env.outgoing`); else undefined. */
export function nodeResponseOf(c: Context<AppEnv>): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}

/** True when the client went away before its response was complete. */
export function clientIsGone(c: Context<AppEnv>): boolean {
  const outgoing = nodeResponseOf(c);
  if (outgoing) return outgoing.destroyed && !outgoing.writableFinished;
  return c.req.raw.signal.aborted;
}

/**
 * Calls `onDisconnect` when the client goes away before its response was sent; returns the
 * function that stops watching. Under `serve()` it listens to the Node response's `close`
 * (reading `c.req.raw.signal` would make node-server build an AbortController for every
 * request); elsewhere (`app.request`, other runtimes) it uses the request's signal.
 */
export function watchClientDisconnect(
  c: Context<AppEnv>,
  onDisconnect: (reason: unknown) => void,
): () => void {
  const outgoing = nodeResponseOf(c);
  if (outgoing) {
    const onClose = (): void => {
      if (!outgoing.writableFinished) onDisconnect(new DOMException(disconnected, 'AbortError'));
    };
    if (outgoing.destroyed) {
      onClose();
      return () => undefined;
    }
    outgoing.once('close', onClose);
    return () => {
      outgoing.off('close', onClose);
    };
  }
  const signal = c.req.raw.signal;
  const onAbort = (): void => onDisconnect(signal.reason);
  if (signal.aborted) {
    onAbort();
    return () => undefined;
  }
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
