import { describe, expect, it } from 'vitest';
import { InternalServerError } from '../errors/internal-server-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { retryDelayMs, sleep } from './retry-delay.js';

describe('retryDelayMs', () => {
  const serverError = new InternalServerError({ message: 'boom' });

  it('backs off exponentially from 0.5 s, capped at 8 s, with 0.75–1.0 jitter', () => {
    expect(retryDelayMs(0, serverError, () => 1)).toBe(500);
    expect(retryDelayMs(0, serverError, () => 0)).toBe(375);
    expect(retryDelayMs(2, serverError, () => 1)).toBe(2000);
    expect(retryDelayMs(10, serverError, () => 1)).toBe(8000);
  });

  it('honours retry-after up to 60 s', () => {
    expect(
      retryDelayMs(0, new RateLimitError({ message: 'x', headers: { 'retry-after': '3' } })),
    ).toBe(3000);
    expect(
      retryDelayMs(
        0,
        new RateLimitError({ message: 'x', headers: { 'retry-after': '120' } }),
        () => 1,
      ),
    ).toBe(500);
  });
});

describe('sleep', () => {
  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
