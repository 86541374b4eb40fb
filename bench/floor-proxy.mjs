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
 * Reads PORT and MOCK_BASE (overhead.mjs sets them); listens on 127.0.0.1 only and forwards
 * to a loopback MOCK_BASE only. Runs until SIGTERM/SIGINT.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
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

async function forward(request, response) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const answer = await agent.request({
    origin: upstream.origin,
    path: upstreamPath,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-floor' },
    body: JSON.stringify(body),
  });
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

const server = http.createServer((request, response) => {
  forward(request, response).catch(error => {
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
    response.end(String(error));
  });
});
server.listen(port, '127.0.0.1');
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
