import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEntityCache } from './entity-cache.js';

describe('entity cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('caches rows and absences for the TTL', async () => {
    vi.useFakeTimers();
    const cache = createEntityCache<string>({ ttlMs: 1_000 });
    const fetch = vi.fn(async () => null);
    expect(await cache.getOrLoad('a', fetch)).toBeNull();
    expect(await cache.getOrLoad('a', fetch)).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    await cache.getOrLoad('a', fetch);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('peeks at fresh entries only, absences included', async () => {
    vi.useFakeTimers();
    const cache = createEntityCache<string>({ ttlMs: 1_000 });
    expect(cache.peek('a')).toBeUndefined();
    await cache.getOrLoad('a', async () => 'row');
    await cache.getOrLoad('none', async () => null);
    expect(cache.peek('a')?.value).toBe('row');
    expect(cache.peek('none')).toEqual(expect.objectContaining({ value: null }));
    vi.advanceTimersByTime(1_000);
    expect(cache.peek('a')).toBeUndefined();
  });

  it('shares one load among concurrent callers', async () => {
    const cache = createEntityCache<string>();
    let resolve: (value: string) => void = () => undefined;
    const fetch = vi.fn(() => new Promise<string>(done => (resolve = done)));
    const loads = [cache.getOrLoad('a', fetch), cache.getOrLoad('a', fetch)];
    resolve('row');
    expect(await Promise.all(loads)).toEqual(['row', 'row']);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not cache a load that was under way when its id was deleted', async () => {
    const cache = createEntityCache<string>();
    let resolve: (value: string) => void = () => undefined;
    const stale = cache.getOrLoad('a', () => new Promise<string>(done => (resolve = done)));
    cache.delete('a');
    resolve('before the change');
    expect(await stale).toBe('before the change');
    expect(await cache.getOrLoad('a', async () => 'after')).toBe('after');
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    const cache = createEntityCache<string>({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) await cache.getOrLoad(id, async () => id);
    expect(cache.size).toBe(2);
    expect(await cache.getOrLoad('a', async () => 'reloaded')).toBe('reloaded');
  });
});
