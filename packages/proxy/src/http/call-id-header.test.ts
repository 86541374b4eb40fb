import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProxyConfig } from '../config/parse-proxy-config.js';
import { createApp } from '../create-app.js';
import { type LlmuxDatabase, openDatabase } from '../db/open-database.js';
import { findSpendLogs } from '../db/repositories/spend-log.repository.js';
import { type RunningServer, serve } from '../serve.js';

const masterKey = 'sk-call-id-master-key';

/** Raw response headers, so a header written twice would show as two entries. */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; rawHeaders: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, response => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, body: text }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

function callIds(rawHeaders: string[]): string[] {
  return rawHeaders.filter(
    (_, index) => rawHeaders[index - 1]?.toLowerCase() === 'x-litellm-call-id',
  );
}

// Chat answers carry their headers as a plain record (json-response.ts) and the request
// context then leaves them alone; other routes get the call id from the request context.
describe('x-litellm-call-id over HTTP', () => {
  let database: LlmuxDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    const { config } = parseProxyConfig({
      model_list: [
        { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', mock_response: 'hi' } },
      ],
      general_settings: { master_key: masterKey },
    });
    database = await openDatabase({ url: ':memory:' });
    server = await serve({ app: createApp({ config, db: database }), port: 0 });
  });

  afterAll(async () => {
    await server.close();
    await database.close();
  });

  const chat = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
  const json = { 'content-type': 'application/json' };

  it('a chat answer has exactly one call id: a UUIDv7, the spend row request id', async () => {
    const reply = await send(
      `${server.url}/v1/chat/completions`,
      'POST',
      { ...json, authorization: `Bearer ${masterKey}` },
      chat,
    );
    expect(reply.status).toBe(200);
    const ids = callIds(reply.rawHeaders);
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await database.spend.flush();
    const [row] = await findSpendLogs(database.db, { callId: ids[0] ?? '' });
    expect(row?.request_id).toBe(ids[0]);
  });

  it('an error answer and a plain route each have exactly one call id, the one sent', async () => {
    const refused = await send(
      `${server.url}/v1/chat/completions`,
      'POST',
      { ...json, authorization: 'Bearer sk-wrong', 'x-litellm-call-id': 'client-call-1' },
      chat,
    );
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).error.type).toBe('auth_error');
    expect(callIds(refused.rawHeaders)).toEqual(['client-call-1']);

    const models = await send(`${server.url}/v1/models`, 'GET', {
      authorization: `Bearer ${masterKey}`,
      'x-litellm-call-id': 'client-call-2',
    });
    expect(models.status).toBe(200);
    expect(callIds(models.rawHeaders)).toEqual(['client-call-2']);
  });
});
