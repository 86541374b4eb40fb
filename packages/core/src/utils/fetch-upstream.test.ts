import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockProviderServer, type MockProviderServer } from '../test/mock-provider-server.js';
import { fetchUpstream } from './fetch-upstream.js';

describe('fetchUpstream', () => {
  let server: MockProviderServer;

  beforeEach(async () => {
    server = await createMockProviderServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('follows a redirect, sending the body again', async () => {
    server.respond('POST /old', {
      type: 'raw',
      status: 307,
      headers: { location: `${server.url}/new` },
      body: '',
    });
    server.respond('POST /new', { type: 'json', body: { ok: true } });

    const response = await fetchUpstream({
      url: `${server.url}/old`,
      headers: { 'content-type': 'application/json' },
      body: '{"model":"m"}',
      llmProvider: 'openai',
      model: 'm',
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(server.calls.map(call => call.path)).toEqual(['/old', '/new']);
    expect(server.calls[1]?.requestBodyJson).toEqual({ model: 'm' });
  });

  it('answers without a redirect as before', async () => {
    server.respond('POST /v1/chat/completions', { type: 'json', status: 201, body: { id: 'x' } });

    const response = await fetchUpstream({
      url: `${server.url}/v1/chat/completions`,
      headers: { 'content-type': 'application/json' },
      body: '{}',
      llmProvider: 'openai',
      model: 'm',
    });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'x' });
    expect(server.calls).toHaveLength(1);
  });
});
