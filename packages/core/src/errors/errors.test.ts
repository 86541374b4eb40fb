import { describe, expect, it, vi } from 'vitest';
import { APIConnectionError } from './api-connection-error.js';
import { APIError } from './api-error.js';
import { APITimeoutError } from './api-timeout-error.js';
import { AuthenticationError } from './authentication-error.js';
import { BadRequestError } from './bad-request-error.js';
import { BudgetExceededError } from './budget-exceeded-error.js';
import { ContextWindowExceededError } from './context-window-exceeded-error.js';
import { errorClassForStatus } from './error-class-for-status.js';
import { InternalServerError } from './internal-server-error.js';
import { LlmuxError } from './llmux-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { ServiceUnavailableError } from './service-unavailable-error.js';

describe('errors', () => {
  it('carry status, provider, model, code and retryability', () => {
    const error = new RateLimitError({
      message: 'slow down',
      llmProvider: 'openai',
      model: 'gpt-4o',
      headers: { 'retry-after': '7' },
    });
    expect(error.status).toBe(429);
    expect(error.llmProvider).toBe('openai');
    expect(error.llm_provider).toBe('openai');
    expect(error.model).toBe('gpt-4o');
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.isRetryable).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.name).toBe('RateLimitError');
    expect(error.message).toBe('slow down');
  });

  it('prefer retry-after-ms and read HTTP dates', () => {
    const inMs = new RateLimitError({
      message: 'x',
      headers: { 'retry-after-ms': '250', 'retry-after': '9' },
    });
    expect(inMs.retryAfterMs).toBe(250);
    const date = new Date(Date.now() + 5000).toUTCString();
    const asDate = new RateLimitError({ message: 'x', headers: { 'retry-after': date } });
    expect(asDate.retryAfterMs).toBeGreaterThan(3000);
    expect(asDate.retryAfterMs).toBeLessThanOrEqual(5000);
  });

  it('default retryability follows the status', () => {
    expect(new BadRequestError({ message: 'x' }).isRetryable).toBe(false);
    expect(new AuthenticationError({ message: 'x' }).isRetryable).toBe(false);
    expect(new InternalServerError({ message: 'x' }).isRetryable).toBe(true);
    expect(new ServiceUnavailableError({ message: 'x' }).status).toBe(503);
    expect(new APIConnectionError({ message: 'x' }).isRetryable).toBe(true);
    expect(new APITimeoutError({ message: 'x' }).status).toBe(408);
    expect(new BudgetExceededError({ message: 'x' }).isRetryable).toBe(false);
    expect(new BudgetExceededError({ message: 'x' }).status).toBe(429);
  });

  it('isInstance follows the class chain', () => {
    const error = new ContextWindowExceededError({ message: 'too long' });
    expect(ContextWindowExceededError.isInstance(error)).toBe(true);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(APIError.isInstance(error)).toBe(true);
    expect(LlmuxError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(false);
    expect(APIConnectionError.isInstance(new APITimeoutError({ message: 't' }))).toBe(true);
    expect(APITimeoutError.isInstance(new APIConnectionError({ message: 'c' }))).toBe(false);
    expect(APIError.isInstance(new Error('plain'))).toBe(false);
    expect(APIError.isInstance(null)).toBe(false);
  });

  it('isInstance works across two loaded copies of core', async () => {
    // A second copy of the module graph, as when two packages bundle their own core.
    vi.resetModules();
    const copy = (await import('./index.js')) as typeof import('./index.js');
    expect(copy.RateLimitError).not.toBe(RateLimitError);
    const fromCopy = new copy.RateLimitError({ message: 'other copy' });
    expect(fromCopy instanceof RateLimitError).toBe(false);
    expect(RateLimitError.isInstance(fromCopy)).toBe(true);
    expect(APIError.isInstance(fromCopy)).toBe(true);
    expect(copy.RateLimitError.isInstance(new RateLimitError({ message: 'this copy' }))).toBe(true);
  });

  it('render the OpenAI error envelope with the status as code, as LiteLLM does', () => {
    const error = new BadRequestError({ message: 'bad', param: 'messages' });
    expect(error.toErrorBody()).toEqual({
      error: { message: 'bad', type: 'invalid_request_error', param: 'messages', code: '400' },
    });
  });

  it('map statuses to the OpenAI-named classes', () => {
    expect(errorClassForStatus(400)).toBe(BadRequestError);
    expect(errorClassForStatus(401)).toBe(AuthenticationError);
    expect(errorClassForStatus(429)).toBe(RateLimitError);
    expect(errorClassForStatus(503)).toBe(ServiceUnavailableError);
    expect(errorClassForStatus(529)).toBe(ServiceUnavailableError);
    expect(errorClassForStatus(502)).toBe(InternalServerError);
    expect(errorClassForStatus(418)).toBe(BadRequestError);
  });
});
