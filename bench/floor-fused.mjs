/**
 * `FLOOR_LAYER=fused` for bench/floor-proxy.mjs: a sketch of the least work a gateway with
 * llmux's features can do for one non-streamed chat request, written as one function with no
 * framework, SDK or router layers. It measures what a fused request path (issue 8's "a different
 * request path") could reach on this machine; it is not llmux's code and answers only the
 * benchmark's requests.
 *
 * Per request, as the proxy does: the virtual key's sha256 looked up in memory, the JSON body
 * parsed and its fields checked, the key's model allow-list, its rpm limit and budget (with a
 * reservation), a pick between two deployments, the upstream body serialised, undici's
 * keep-alive pool, the answer parsed and checked, the cost in integer picodollars from a price
 * entry, the spend settled, LiteLLM's response headers, and a 25-column spend row written to
 * SQLite (WAL) in batches of up to 200 rows, one transaction per batch, after the answer. The
 * table has its primary key only; llmux's has six more indexes, so its rows cost more to write.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const proxyRequire = createRequire(new URL('../packages/proxy/package.json', import.meta.url));
const Database = proxyRequire('better-sqlite3');

/** As wide as llmux's spend table (25 columns); the names do not matter here. */
const columns = Array.from({ length: 25 }, (_, index) => `c${index}`);

/** The spend table and a batch writer: statements of 64 and 1 rows, prepared once. */
function openSpendWriter() {
  const dir = mkdtempSync(join(tmpdir(), 'llmux-fused-'));
  const db = new Database(join(dir, 'spend.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table spend (${columns.map(c => `"${c}"`).join(', ')}, primary key ("c0"))`);
  const insert = rows => {
    const one = `(${columns.map(() => '?').join(', ')})`;
    return db.prepare(
      `insert into spend values ${Array.from({ length: rows }, () => one).join(', ')}`,
    );
  };
  const by64 = insert(64);
  const by1 = insert(1);
  const flushAll = db.transaction(rows => {
    let index = 0;
    for (; index + 64 <= rows.length; index += 64) by64.run(rows.slice(index, index + 64).flat());
    for (; index < rows.length; index++) by1.run(rows[index]);
  });
  let queue = [];
  let timer;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const rows = queue;
    queue = [];
    if (rows.length > 0) flushAll(rows);
  };
  return {
    add(row) {
      queue.push(row);
      if (queue.length >= 200) setImmediate(flush);
      else timer ??= setTimeout(flush, 1000);
    },
    close() {
      flush();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const sha256 = text => createHash('sha256').update(text).digest('hex');
const minute = () => Math.floor(Date.now() / 60_000);
const picoText = pico => {
  const whole = pico / 1_000_000_000_000n;
  const fraction = (pico % 1_000_000_000_000n).toString().padStart(12, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
};

const errorTypes = { 401: 'authentication_error', 429: 'rate_limit_error', 502: 'api_error' };

/** An OpenAI-shaped error answer. */
function fail(response, status, message) {
  const type = errorTypes[status] ?? 'invalid_request_error';
  const text = JSON.stringify({ error: { message, type, param: null, code: String(status) } });
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(text);
}

/** The handler, for `node:http`. `agent`, `upstream` and `upstreamPath` are floor-proxy's. */
export function fusedHandler({ agent, upstream, upstreamPath }) {
  const keys = new Map([
    [
      sha256('sk-bench-virtual-key'),
      {
        hash: '',
        models: new Set(['gpt-4o-mini']),
        rpm: 1_000_000_000,
        max: 10n ** 24n,
        spent: 0n,
        reserved: 0n,
        minute: 0,
        count: 0,
      },
    ],
  ]);
  for (const [hash, key] of keys) key.hash = hash;
  const deployments = [0, 1].map(n => ({
    id: `deployment-${n}`,
    model: 'gpt-4o-mini',
    apiBase: upstream.href,
    headers: { 'content-type': 'application/json', authorization: `Bearer sk-mock-upstream-${n}` },
  }));
  // gpt-4o-mini's rates in picodollars per token.
  const price = { input: 150_000n, output: 600_000n };
  const reservation = 4_096n * price.output;
  const spend = openSpendWriter();

  const handle = async (request, response) => {
    const started = Date.now();
    const auth = request.headers.authorization;
    const key = auth?.startsWith('Bearer ') ? keys.get(sha256(auth.slice(7))) : undefined;
    if (key === undefined) return fail(response, 401, 'Authentication Error, invalid key');
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    let body;
    try {
      body = JSON.parse(
        chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      );
    } catch {
      return fail(response, 400, 'body is not JSON');
    }
    if (typeof body !== 'object' || body === null || typeof body.model !== 'string')
      return fail(response, 400, 'model is required');
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return fail(response, 400, 'messages is required');
    for (const message of body.messages) {
      if (typeof message !== 'object' || message === null || typeof message.role !== 'string')
        return fail(response, 400, 'messages: role');
      if (
        typeof message.content !== 'string' &&
        !Array.isArray(message.content) &&
        message.content !== null
      )
        return fail(response, 400, 'messages: content');
    }
    if (body.stream === true)
      return fail(response, 400, 'the fused sketch answers non-streamed requests only');
    if (!key.models.has(body.model)) return fail(response, 401, 'key not allowed to access model');
    const now = minute();
    if (key.minute !== now) {
      key.minute = now;
      key.count = 0;
    }
    if (key.count >= key.rpm) return fail(response, 429, 'rate limit');
    if (key.spent + key.reserved + reservation > key.max)
      return fail(response, 429, 'budget exceeded');
    key.count++;
    key.reserved += reservation;
    let costPico = 0n;
    try {
      const deployment = deployments[Math.random() < 0.5 ? 0 : 1];
      const answer = await agent.request({
        origin: upstream.origin,
        path: upstreamPath,
        method: 'POST',
        headers: deployment.headers,
        body: JSON.stringify({ ...body, model: deployment.model }),
      });
      const text = await answer.body.text();
      if (answer.statusCode !== 200) return fail(response, answer.statusCode, text);
      const result = JSON.parse(text);
      const usage = result.usage;
      if (
        !Array.isArray(result.choices) ||
        typeof usage?.prompt_tokens !== 'number' ||
        typeof usage.completion_tokens !== 'number'
      ) {
        return fail(response, 502, 'upstream answer is not a chat completion');
      }
      costPico =
        BigInt(usage.prompt_tokens) * price.input + BigInt(usage.completion_tokens) * price.output;
      key.spent += costPico;
      result.model = body.model;
      const out = JSON.stringify(result);
      const callId = randomUUID();
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(out),
        'x-litellm-version': '0.0.0',
        'x-litellm-call-id': callId,
        'x-litellm-response-cost': picoText(costPico),
        'x-litellm-key-spend': picoText(key.spent),
        'x-litellm-model-id': deployment.id,
        'x-litellm-model-group': body.model,
        'x-litellm-model-api-base': deployment.apiBase,
        'x-ratelimit-limit-requests': String(key.rpm),
        'x-ratelimit-remaining-requests': String(key.rpm - key.count),
      });
      response.end(out);
      const ended = Date.now();
      spend.add([
        callId,
        callId,
        'acompletion',
        key.hash,
        costPico.toString(),
        usage.total_tokens ?? 0,
        usage.prompt_tokens,
        usage.completion_tokens,
        0,
        0,
        started,
        ended,
        ended,
        body.model,
        deployment.id,
        body.model,
        'openai',
        deployment.apiBase,
        null,
        null,
        body.user ?? null,
        null,
        'success',
        null,
        null,
      ]);
    } finally {
      key.reserved -= reservation;
    }
  };
  handle.close = () => spend.close();
  return handle;
}
