import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';

/** The class every `Response` here derives from: the runtime's own, under any subclass set as global. */
function rootResponseClass(): typeof Response {
  let root: typeof Response = Response;
  for (
    let parent: unknown = Object.getPrototypeOf(root);
    typeof parent === 'function' && parent !== Function.prototype;
    parent = Object.getPrototypeOf(root)
  ) {
    root = parent as typeof Response;
  }
  return root;
}

/**
 * What a handler returns once it has written its response to Node's `outgoing` itself:
 * node-server's `RESPONSE_ALREADY_SENT`, rebuilt on the runtime's own `Response` class.
 * `serve()` swaps the global `Response` for node-server's lighter subclass; node-server's
 * own sentinel, when its module is first loaded after that, is one of those, and node-server
 * then writes the response's headers a second time (and fails) instead of leaving it alone.
 */
export const responseAlreadySent: Response = new (rootResponseClass())(null, {
  headers: RESPONSE_ALREADY_SENT.headers,
});
