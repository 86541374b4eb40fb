import { decimalToPico, picoToDollars } from '@llmux/core';
import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProxyConfig } from '../config/parse-proxy-config.js';
import { createApp } from '../create-app.js';
import type { LlmuxDatabase } from '../db/open-database.js';
import { findVerificationToken } from '../db/repositories/verification-token.repository.js';
import { DIALECTS } from '../db/test-dialects.js';
import { hashApiKey } from '../http/hash-api-key.js';
import type { JsonReplyWithHeaders as Reply } from '../http/test-json-reply.js';
import { type RunningServer, serve } from '../serve.js';
import { createKeyLimiter } from './key-limiter.js';
import { testCachedKey } from './test-cached-key.js';
import { deploymentWorstCasePico, estimateTokensOf } from './worst-case-cost.js';

const masterKey = 'sk-master-key-limits-0123';
const route = 'POST /v1/chat/completions';
const messages = [{ role: 'user', content: 'hi' }];
/** $0.001 a token in and out: each request below costs exactly 15 tokens = $0.015. */
const pricePerToken = 0.001;
const usage = { prompt_tokens: 5, completion_tokens: 10, total_tokens: 15 };
const completionBody = {
  id: 'chatcmpl-mock',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'ok' },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage,
};

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: virtual key budgets and rate limits over HTTP`, () => {
    let upstream: MockProviderServer;
    let database: LlmuxDatabase;
    let proxy: RunningServer;

    beforeEach(async () => {
      upstream = await createMockProviderServer();
      upstream.respond(route, { type: 'json', body: completionBody });
      const { config } = parseProxyConfig(
        {
          model_list: [
            {
              model_name: 'priced',
              litellm_params: {
                model: 'openai/gpt-4o-mini',
                api_base: `${upstream.url}/v1`,
                api_key: 'sk-upstream',
                input_cost_per_token: pricePerToken,
                output_cost_per_token: pricePerToken,
              },
            },
          ],
          general_settings: { master_key: masterKey },
        },
        {},
      );
      database = await dialect.open({ spendWriter: { flushIntervalMs: 60_000 } });
      // The rate limiter's clock stands still at 30 s past a minute: no burst straddles two.
      const keyLimiter = createKeyLimiter({ now: () => Date.UTC(2026, 0, 1, 0, 0, 30) });
      proxy = await serve({
        app: createApp({ config, db: database, keyLimiter }),
        port: 0,
        closeGraceMs: 0,
      });
    });
    afterEach(async () => {
      await proxy?.close();
      await database?.close();
      await upstream?.close();
    });
    afterAll(() => dialect.cleanup());

    async function post(
      path: string,
      body: unknown,
      key: string,
      signal?: AbortSignal,
    ): Promise<Reply> {
      const response = await fetch(`${proxy.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
      return { status: response.status, headers: response.headers, body: await response.json() };
    }
    async function generate(fields: Record<string, unknown>): Promise<string> {
      const response = await post('/key/generate', fields, masterKey);
      expect(response.status).toBe(200);
      return response.body.key;
    }
    const chat = (key: string, extra: Record<string, unknown> = {}) =>
      post('/v1/chat/completions', { model: 'priced', messages, max_tokens: 10, ...extra }, key);

    async function spendRowsPico(key: string): Promise<{ rows: number; sum: bigint }> {
      await database.spend.flush();
      const rows = await database.db
        .selectFrom('llmux_spend_logs')
        .select('spend_pico')
        .where('api_key', '=', hashApiKey(key))
        .execute();
      return {
        rows: rows.length,
        sum: rows.reduce((sum, row) => sum + BigInt(row.spend_pico), 0n),
      };
    }

    it('200 concurrent requests overshoot a small budget by at most one reservation', async () => {
      const key = await generate({ max_budget: 0.1, key_alias: 'burst' });
      const replies = await Promise.all(Array.from({ length: 200 }, () => chat(key)));
      const ok = replies.filter(reply => reply.status === 200);
      const refused = replies.filter(reply => reply.status !== 200);
      // Reservation = 8 prompt tokens (JSON / 4) + 10 max tokens = $0.018; cost is $0.015.
      const reservation = decimalToPico('0.018');
      const { rows, sum } = await spendRowsPico(key);
      expect(rows).toBe(ok.length);
      expect(sum).toBe(BigInt(ok.length) * decimalToPico('0.015'));
      expect(sum).toBeLessThanOrEqual(decimalToPico('0.1') + reservation);
      expect(ok.length).toBeGreaterThan(0);
      expect(upstream.calls.length).toBe(ok.length);
      for (const reply of refused) {
        expect(reply.status).toBe(429);
        expect(reply.body.error.type).toBe('budget_exceeded');
        expect(reply.body.error.code).toBe('429');
      }
      const row = await findVerificationToken(database.db, hashApiKey(key));
      expect(row?.spend_pico).toBe(sum);
    });

    it('answers the budget error in LiteLLM shape once spend reaches max_budget', async () => {
      const key = await generate({ max_budget: 0.015, key_alias: 'small' });
      expect((await chat(key)).status).toBe(200);
      const refused = await chat(key);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        error: {
          message: `Budget has been exceeded! Key=small (sk-...${key.slice(-4)}) Current cost: 0.015, Max budget: 0.015`,
          type: 'budget_exceeded',
          param: null,
          code: '429',
        },
      });
      expect((await spendRowsPico(key)).rows).toBe(1);
    });

    it('max_budget 0 blocks at once, with no upstream call and no spend row', async () => {
      const key = await generate({ max_budget: 0 });
      const refused = await chat(key);
      expect(refused.status).toBe(429);
      expect(refused.body.error.type).toBe('budget_exceeded');
      expect(upstream.calls.length).toBe(0);
      expect((await spendRowsPico(key)).rows).toBe(0);
    });

    it('a raised max_budget (/key/update) applies to the next request', async () => {
      const key = await generate({ max_budget: 0.015 });
      expect((await chat(key)).status).toBe(200);
      expect((await chat(key)).status).toBe(429);
      await database.spend.flush();
      const updated = await post('/key/update', { key, max_budget: 1 }, masterKey);
      expect(updated.status).toBe(200);
      expect((await chat(key)).status).toBe(200);
    });

    it('budget_duration resets the spend when its window has passed', async () => {
      const key = await generate({ max_budget: 0.015, budget_duration: '1s' });
      expect((await chat(key)).status).toBe(200);
      expect((await chat(key)).status).toBe(429);
      await database.spend.flush();
      const before = await findVerificationToken(database.db, hashApiKey(key));
      expect(before?.spend_pico).toBe(decimalToPico('0.015'));
      await new Promise(resolve => setTimeout(resolve, 1_100));
      expect((await chat(key)).status).toBe(200);
      const after = await findVerificationToken(database.db, hashApiKey(key));
      expect(after?.spend_pico).toBe(0n);
      expect(Date.parse(after?.budget_reset_at ?? '')).toBeGreaterThan(
        Date.parse(before?.budget_reset_at ?? ''),
      );
      await database.spend.flush();
      const flushed = await findVerificationToken(database.db, hashApiKey(key));
      expect(flushed?.spend_pico).toBe(decimalToPico('0.015'));
    });

    it('rpm_limit 50 admits exactly 50 of a burst of 200, with retry-after', async () => {
      const key = await generate({ rpm_limit: 50 });
      const replies = await Promise.all(Array.from({ length: 200 }, () => chat(key)));
      const ok = replies.filter(reply => reply.status === 200);
      expect(ok.length).toBe(50);
      expect(upstream.calls.length).toBe(50);
      for (const reply of replies.filter(item => item.status !== 200)) {
        expect(reply.status).toBe(429);
        expect(reply.body.error.type).toBe('rate_limit_error');
        expect(reply.body.error.message).toMatch(
          /^LiteLLM Rate Limit Handler for rate limit type = key\. Crossed TPM \/ RPM \/ Max Parallel Request Limit\./,
        );
        expect(reply.headers.get('retry-after')).toBe('30');
      }
      expect(ok[0]?.headers.get('x-ratelimit-limit-requests')).toBe('50');
    });

    it('max_parallel_requests 4 never lets a fifth request reach the upstream; disconnects free slots', async () => {
      // Queued answers are taken in order: this call takes the JSON one, every later call hangs.
      upstream.respond(route, { type: 'hang' });
      expect((await chat(masterKey)).status).toBe(200);
      const key = await generate({ max_parallel_requests: 4 });
      const atUpstream = () => upstream.calls.length - 1;
      const controllers = Array.from({ length: 10 }, () => new AbortController());
      const refused: Reply[] = [];
      const pending = controllers.map(controller =>
        post(
          '/v1/chat/completions',
          { model: 'priced', messages, max_tokens: 10 },
          key,
          controller.signal,
        ).then(
          reply => {
            refused.push(reply);
          },
          () => undefined,
        ),
      );
      // Six are refused at once while four hang at the upstream; a fifth never gets there.
      await waitFor(() => refused.length === 6);
      await waitFor(() => atUpstream() === 4);
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(atUpstream()).toBe(4);
      for (const reply of refused) {
        expect(reply.status).toBe(429);
        expect(reply.body.error.type).toBe('rate_limit_error');
        expect(reply.headers.get('retry-after')).toBe('1');
      }
      for (const controller of controllers) controller.abort();
      await Promise.all(pending);
      await Promise.all(upstream.calls.slice(1).map(call => call.clientClose));
      // The slots come back once the proxy has seen the disconnects: a fifth reaches the upstream.
      const fifth = new AbortController();
      let fifthReply: Reply | undefined;
      const fifthDone = waitFor(async () => {
        const reply = await post(
          '/v1/chat/completions',
          { model: 'priced', messages, max_tokens: 10 },
          key,
          fifth.signal,
        ).catch(() => undefined);
        fifthReply = reply;
        return reply === undefined;
      });
      await waitFor(() => atUpstream() === 5);
      fifth.abort();
      await fifthDone;
      expect(fifthReply).toBeUndefined();
      await new Promise(resolve => setTimeout(resolve, 50));
      // Five client-disconnected rows.
      const { rows } = await spendRowsPico(key);
      expect(rows).toBe(5);
    });

    it('tpm_limit refuses once the minute has used its tokens; headers count down', async () => {
      const key = await generate({ tpm_limit: 30, rpm_limit: 100 });
      const first = await chat(key);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-ratelimit-limit-tokens')).toBe('30');
      // Counted after the call: this response's 15 tokens are already used.
      expect(first.headers.get('x-ratelimit-remaining-tokens')).toBe('15');
      expect(first.headers.get('x-ratelimit-limit-requests')).toBe('100');
      expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('99');
      const second = await chat(key);
      expect(second.status).toBe(200);
      expect(second.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
      expect(second.headers.get('x-ratelimit-remaining-requests')).toBe('98');
      const third = await chat(key);
      expect(third.status).toBe(429);
      expect(third.body.error.type).toBe('rate_limit_error');
      expect(third.body.error.message).toContain('current tpm: 30, tpm limit: 30');
      expect(third.headers.get('retry-after')).toBe('30');
    });

    it('a stream holds its parallel slot until it ends, then settles its cost', async () => {
      const chunk = (delta: object, extra: object = {}) =>
        `data: ${JSON.stringify({
          id: 'chatcmpl-stream',
          object: 'chat.completion.chunk',
          created: 1_700_000_000,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, delta, finish_reason: null }],
          ...extra,
        })}\n\n`;
      upstream.respond(route, {
        type: 'sse',
        delayMs: 50,
        events: [
          chunk({ role: 'assistant', content: 'ok' }),
          chunk({}, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
          chunk({}, { choices: [], usage }),
          'data: [DONE]\n\n',
        ],
      });
      upstream.respond(route, { type: 'json', body: completionBody });
      // Queued answers are taken in order: JSON (this call), the stream, then JSON again.
      expect((await chat(masterKey)).status).toBe(200);
      // $0.02: room for one reservation ($0.018) at a time.
      const key = await generate({ max_budget: 0.02, max_parallel_requests: 1 });
      const stream = await fetch(`${proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          model: 'priced',
          messages,
          max_tokens: 10,
          stream: true,
          stream_options: { include_usage: true },
        }),
      });
      expect(stream.status).toBe(200);
      const whileStreaming = await chat(key);
      expect(whileStreaming.status).toBe(429);
      expect(whileStreaming.body.error.type).toBe('rate_limit_error');
      expect(await stream.text()).toContain('[DONE]');
      // Once the stream has settled ($0.015) the slot is free and $0.005 is left.
      await waitFor(async () => (await chat(key)).status === 200);
      expect((await chat(key)).body.error.type).toBe('budget_exceeded');
      const { rows, sum } = await spendRowsPico(key);
      expect(rows).toBe(2);
      expect(sum).toBe(decimalToPico('0.03'));
    });

    it('sends no x-ratelimit-* headers for a key without limits', async () => {
      const key = await generate({});
      const reply = await chat(key);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-ratelimit-limit-requests')).toBeNull();
      expect(reply.headers.get('x-ratelimit-limit-tokens')).toBeNull();
    });
  });
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

const limitedKey = testCachedKey;

describe('key limiter', () => {
  it('counts rpm in UTC minutes and answers retry-after to the next minute', () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 15);
    const limiter = createKeyLimiter({ now: () => now });
    const key = limitedKey({ rpmLimit: 2 });
    limiter.admit({ key }, 0n).settle(0n, 0);
    limiter.admit({ key }, 0n).settle(0n, 0);
    expect(() => limiter.admit({ key }, 0n)).toThrow(
      expect.objectContaining({ status: 429, headers: { 'retry-after': '45' } }),
    );
    now += 45_000;
    expect(() => limiter.admit({ key }, 0n)).not.toThrow();
  });

  it('reserves until settled, then counts the exact cost; invalidation takes the row again', () => {
    const limiter = createKeyLimiter();
    const key = limitedKey({ maxBudgetPico: 100n });
    const first = limiter.admit({ key }, 60n);
    limiter.admit({ key }, 40n);
    expect(() => limiter.admit({ key }, 1n)).toThrow(
      expect.objectContaining({ type: 'budget_exceeded' }),
    );
    first.settle(10n, 5);
    first.settle(10n, 5);
    expect(() => limiter.admit({ key }, 1n)).not.toThrow();
    limiter.invalidate('key', key.token);
    const raised = limitedKey({ maxBudgetPico: 1000n, spendPico: 500n });
    expect(() => limiter.admit({ key: raised }, 1n)).not.toThrow();
    expect(() =>
      limiter.admit({ key: limitedKey({ token: 'zero', maxBudgetPico: 0n }) }, 0n),
    ).toThrow(expect.objectContaining({ type: 'budget_exceeded' }));
  });

  it('reserves prompt × input + max output × output price, custom prices first', () => {
    const deployment = {
      id: 'd',
      modelName: 'm',
      litellmParams: { model: 'openai/unknown-model-x', input_cost_per_token: 0.000001 },
      modelInfo: { output_cost_per_token: '0.000002' },
    } as unknown as Parameters<typeof deploymentWorstCasePico>[0];
    expect(deploymentWorstCasePico(deployment, { promptTokens: 10, maxOutputTokens: 5 })).toBe(
      decimalToPico('0.00002'),
    );
    // No maximum given and none in the table: 4096 output tokens.
    expect(
      picoToDollars(
        deploymentWorstCasePico(deployment, { promptTokens: 0, maxOutputTokens: undefined }),
      ),
    ).toBe(0.008192);
    expect(estimateTokensOf('abcdefgh')).toBe(2);
  });
});
