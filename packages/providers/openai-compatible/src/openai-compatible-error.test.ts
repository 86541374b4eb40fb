import {
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
} from '@llmux/core';
import { describe, expect, it } from 'vitest';
import {
  createOpenAICompatibleError,
  createOpenAICompatibleStreamError,
  refineError,
} from './openai-compatible-error.js';

const context = { llmProvider: 'acme', model: 'acme-1' };

function httpError(status: number, body: unknown, headers: Record<string, string> = {}) {
  return createOpenAICompatibleError({
    ...context,
    status,
    headers,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('createOpenAICompatibleError', () => {
  it('reads the OpenAI envelope', () => {
    const error = httpError(401, {
      error: { message: 'bad key', type: 'authentication_error', param: null, code: 'invalid_key' },
    });
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      ...context,
      status: 401,
      message: 'bad key',
      type: 'authentication_error',
      providerCode: 'invalid_key',
      isRetryable: false,
    });
  });

  it.each([
    ['top-level fields (vLLM, Mistral)', { object: 'error', message: 'no such model', code: 404 }],
    ['a string error (xAI)', { code: 'Some code', error: 'no such model' }],
    ['a detail string (FastAPI)', { detail: 'no such model' }],
    ['plain text', 'no such model'],
  ])('reads %s', (_, body) => {
    const error = httpError(404, body);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toBe('no such model');
    expect(error.body).toEqual(body);
  });

  it('names the status when the body is empty', () => {
    expect(httpError(502, '').message).toBe('502 status code (no body)');
  });

  it.each([
    [{ message: 'x', code: 'context_length_exceeded' }],
    [{ message: "This model's maximum context length is 8192 tokens." }],
    [{ message: 'Please reduce the length of the messages or completion.' }],
  ])('maps %j to ContextWindowExceededError', details => {
    const error = httpError(400, { error: details });
    expect(ContextWindowExceededError.isInstance(error)).toBe(true);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, isRetryable: false });
  });

  it('keeps a 429 that mentions tokens a rate limit', () => {
    const error = httpError(429, {
      error: { message: 'Too many tokens per minute, context window' },
    });
    expect(RateLimitError.isInstance(error)).toBe(true);
  });

  it.each(['content_policy_violation', 'content_filter'])('maps code %s to ContentPolicy', code => {
    const error = httpError(400, { error: { message: 'blocked', code } });
    expect(ContentPolicyViolationError.isInstance(error)).toBe(true);
  });

  it('surfaces retry-after and honours x-should-retry', () => {
    const limited = httpError(429, { error: { message: 'slow' } }, { 'retry-after': '3' });
    const notRetried = httpError(503, { error: { message: 'no' } }, { 'x-should-retry': 'false' });
    expect(limited).toMatchObject({ isRetryable: true, retryAfterMs: 3000 });
    expect(ServiceUnavailableError.isInstance(notRetried)).toBe(true);
    expect(notRetried.isRetryable).toBe(false);
  });
});

describe('createOpenAICompatibleStreamError', () => {
  it.each([
    ['{"error":{"message":"m","code":"rate_limit_exceeded"}}', 'RateLimitError', 429],
    ['{"error":{"message":"m","type":"rate_limit_error"}}', 'RateLimitError', 429],
    ['{"error":{"message":"m","type":"invalid_request_error"}}', 'BadRequestError', 400],
    ['{"error":{"message":"m","code":"502"}}', 'InternalServerError', 502],
    ['{"error":{"message":"m","code":401}}', 'AuthenticationError', 401],
    ['{"error":{"message":"maximum context length is 10"}}', 'ContextWindowExceededError', 400],
    ['{"error":{"message":"m"}}', 'InternalServerError', 500],
    ['upstream died', 'InternalServerError', 500],
  ])('maps %s to %s', (data, name, status) => {
    expect(createOpenAICompatibleStreamError({ ...context, data })).toMatchObject({
      name,
      status,
      llmProvider: 'acme',
    });
  });

  it('hands the details to mapError', () => {
    const error = createOpenAICompatibleStreamError({
      ...context,
      data: '{"error":{"message":"m","type":"x"},"status_code":503}',
      mapError: ({ error: mapped, body, status }) => {
        expect(status).toBeUndefined();
        const code = (body as { status_code: number }).status_code;
        return refineError(mapped, ServiceUnavailableError, { status: code });
      },
    });
    expect(error).toMatchObject({ name: 'ServiceUnavailableError', status: 503, type: 'x' });
  });
});

describe('refineError', () => {
  const base = httpError(
    400,
    { error: { message: 'm', type: 't', param: 'p', code: 'c' } },
    {
      'x-request-id': 'r',
    },
  );

  it('rebuilds as another class, keeping the fields and a fitting status', () => {
    const refined = refineError(base, ContextWindowExceededError);
    expect(ContextWindowExceededError.isInstance(refined)).toBe(true);
    expect(refined).toMatchObject({
      status: 400,
      message: 'm',
      type: 't',
      param: 'p',
      providerCode: 'c',
      headers: { 'x-request-id': 'r' },
      isRetryable: false,
    });
  });

  it('takes the class status and retryability when the old status does not fit', () => {
    const refined = refineError(base, InternalServerError);
    expect(refined).toMatchObject({ status: 500, isRetryable: true });
    expect(refineError(base, RateLimitError, { isRetryable: false })).toMatchObject({
      status: 429,
      isRetryable: false,
    });
  });
});
