#!/usr/bin/env node
/**
 * The floor: the least a Node gateway can do per request on this machine. `node:http` server,
 * one undici keep-alive Agent to the upstream (the transport llmux uses), the JSON body parsed
 * and serialised once each way, streams piped as they arrive. No auth, routing, validation,
 * spend or logging. Measured with the same harness as llmux, it shows how much of llmux's
 * figures is Node and the loopback hops rather than llmux:
 *
 *   LLMUX_CMD="node bench/floor-proxy.mjs" LLMUX_MODEL=gpt-4o-mini \
 *     node ../shared/bench/overhead.mjs direct llmux
 *
 * FLOOR_LAYER adds one of llmux's layers on top, to show what each costs alone:
 * - `tcp`: below the floor, no HTTP at all: each client connection relayed byte for byte to its
 *   own connection to the mock. What two extra loopback hops through a Node event loop cost.
 * - `bare` (default): as above.
 * - `hono`: the same forwarding as a Hono route behind one middleware, served by
 *   `@hono/node-server` (the proxy's HTTP layer, none of its features).
 * - `sdk`: `node:http`, each request answered by `completion()` from the built `@llmux/core`
 *   with the OpenAI adapter (validation, mapping, cost), no proxy features.
 * - `fused`: `node:http` and one function doing the minimal work of every proxy feature (key,
 *   limits, budget, routing, cost, headers, a spend row in SQLite): see floor-fused.mjs.
 *
 * Reads PORT and MOCK_BASE (overhead.mjs sets them); listens on 127.0.0.1 only and forwards
 * to a loopback MOCK_BASE only. Non-streamed requests only for `hono`, `sdk` and `fused`. Runs until
 * SIGTERM/SIGINT.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import { assertLoopback } from './loopback.mjs';

// undici is a dependency of @llmux/core, not of the workspace root.
const { Agent } = createRequire(new URL('../packages/core/package.json', import.meta.url))(
  'undici',
);

const port = Number(process.env.PORT);
if (!port || !process.env.MOCK_BASE) {
  console.error('floor-proxy: PORT and MOCK_BASE must be set (overhead.mjs sets them)');
  process.exit(2);
}
const upstream = assertLoopback(process.env.MOCK_BASE);
const upstreamPath = `${upstream.pathname.replace(/\/$/, '')}/chat/completions`;
const agent = new Agent({ keepAliveTimeout: 30_000 });

/** The request body, serialised once, to the mock's chat completions. */
const postUpstream = (/** @type {unknown} */ body) =>
  agent.request({
    origin: upstream.origin,
    path: upstreamPath,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-floor' },
    body: JSON.stringify(body),
  });

async function forward(request, response) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const answer = await postUpstream(body);
  if (body.stream === true) {
    response.writeHead(answer.statusCode, { 'content-type': 'text/event-stream' });
    for await (const chunk of answer.body) response.write(chunk);
    response.end();
    return;
  }
  const text = JSON.stringify(await answer.body.json());
  response.writeHead(answer.statusCode, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** The `sdk` layer: `completion()` answers, the model restamped as the proxy does. */
async function sdkHandler() {
  const core = await import(new URL('../packages/core/dist/index.js', import.meta.url).href);
  const openai = await import('@llmux/openai');
  for (const provider of openai.llmuxProviders) core.registerProvider(provider);
  core.setLogLevel('silent');
  const apiBase = upstream.href;
  return async function answer(request, response) {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const result = await core.completion({
      ...body,
      model: `openai/${body.model}`,
      api_base: apiBase,
      api_key: 'sk-floor',
    });
    result.model = body.model;
    const text = JSON.stringify(result);
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };
}

/** The `hono` layer: one pass-through middleware and the route, served by node-server. */
async function serveHono() {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  app.use(async (_context, next) => {
    await next();
  });
  app.post('/v1/chat/completions', async context => {
    const body = await context.req.json();
    const answer = await postUpstream(body);
    return context.json(await answer.body.json(), answer.statusCode);
  });
  return serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}

/** The `tcp` layer: bytes relayed both ways, one mock connection per client connection. */
function serveTcpRelay() {
  const server = net.createServer(client => {
    const mock = net.connect(Number(upstream.port || 80), upstream.hostname);
    client.setNoDelay(true);
    mock.setNoDelay(true);
    client.pipe(mock);
    mock.pipe(client);
    client.on('error', () => mock.destroy());
    mock.on('error', () => client.destroy());
    client.on('close', () => mock.destroy());
  });
  return server.listen(port, '127.0.0.1');
}

const layer = process.env.FLOOR_LAYER ?? 'bare';
let server;
/** @type {(() => void) | undefined} */
let closeHandler;
if (layer === 'tcp') {
  server = serveTcpRelay();
} else if (layer === 'hono') {
  server = await serveHono();
} else if (layer === 'bare' || layer === 'sdk' || layer === 'fused') {
  const handle =
    layer === 'sdk'
      ? await sdkHandler()
      : layer === 'fused'
        ? (await import('./floor-fused.mjs')).fusedHandler({ agent, upstream, upstreamPath })
        : forward;
  closeHandler = handle.close;
  server = http.createServer((request, response) => {
    handle(request, response).catch(error => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  server.listen(port, '127.0.0.1');
} else {
  console.error(`floor-proxy: FLOOR_LAYER must be tcp, bare, hono, sdk or fused (got ${layer})`);
  process.exit(2);
}
const stop = () => {
  server.close(() => process.exit(0));
  // node:net has no closeAllConnections: open relays would hold `close` back.
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 1000).unref();
  closeHandler?.();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
