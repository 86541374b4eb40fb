import { afterEach, describe, expect, it } from 'vitest';
import { parseProxyConfig } from '../config/parse-proxy-config.js';
import { createApp } from '../create-app.js';
import { type LlmuxDatabase, openDatabase } from '../db/open-database.js';

describe('error responses', () => {
  let database: LlmuxDatabase | undefined;
  afterEach(async () => {
    await database?.close();
  });

  it('answer a rate-limited group with 429 and retry-after', async () => {
    const { config } = parseProxyConfig({
      model_list: [
        {
          model_name: 'limited',
          litellm_params: { model: 'openai/gpt-4o-mini', mock_response: 'ok', rpm: 1 },
        },
      ],
    });
    database = await openDatabase({ url: ':memory:' });
    const app = createApp({ config, db: database });
    const request = () =>
      app.request('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'limited', messages: [{ role: 'user', content: 'hi' }] }),
      });

    expect((await request()).status).toBe(200);
    const limited = await request();
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('x-litellm-response-cost')).toBe('0');
    const body = (await limited.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('429');
  });
});
