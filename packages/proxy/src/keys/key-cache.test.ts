import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CachedKey, createKeyCache } from './key-cache.js';
import { testCachedKey } from './test-cached-key.js';
import { generateVirtualKey, keyName, tokenOf } from './virtual-key.js';

function cachedKey(token: string, userId: string | null = null): CachedKey {
  return testCachedKey({ token, userId });
}

describe('key cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('forgets entries after the TTL', () => {
    vi.useFakeTimers();
    const cache = createKeyCache({ ttlMs: 1_000 });
    cache.set(cachedKey('a'));
    vi.advanceTimersByTime(999);
    expect(cache.get('a')?.token).toBe('a');
    vi.advanceTimersByTime(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = createKeyCache({ maxEntries: 2 });
    cache.set(cachedKey('a'));
    cache.set(cachedKey('b'));
    cache.set(cachedKey('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')?.token).toBe('c');
    cache.delete('c');
    expect(cache.get('c')).toBeUndefined();
  });

  it('deleteByUser evicts exactly the keys of that user', () => {
    const cache = createKeyCache();
    cache.set(cachedKey('a', 'alice'));
    cache.set(cachedKey('b', 'alice'));
    cache.set(cachedKey('c', 'bob'));
    cache.set(cachedKey('d'));
    cache.deleteByUser('alice');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')?.token).toBe('c');
    expect(cache.get('d')?.token).toBe('d');
  });
});

describe('virtual keys', () => {
  it('are sk- + 22 url-safe characters, named by their last 4', () => {
    const key = generateVirtualKey();
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{22}$/);
    expect(keyName(key)).toBe(`sk-...${key.slice(-4)}`);
    expect(tokenOf(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenOf('abc123')).toBe('abc123');
  });
});
