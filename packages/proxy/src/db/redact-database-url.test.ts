import { describe, expect, it } from 'vitest';
import { maskDatabaseSecrets, redactDatabaseUrl } from './redact-database-url.js';

describe('redactDatabaseUrl', () => {
  it('masks the password of a URL and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://llmux:s3cret@db:5432/llmux?sslmode=require')).toBe(
      'postgres://llmux:***@db:5432/llmux?sslmode=require',
    );
    expect(redactDatabaseUrl('postgresql://llmux@db/llmux')).toBe('postgresql://llmux@db/llmux');
    expect(redactDatabaseUrl('postgres://db/llmux?user=u&password=s3cret')).not.toContain('s3cret');
  });

  it('masks the password of a URL that does not parse', () => {
    expect(redactDatabaseUrl('postgres://llmux:s3cret@db:port/llmux')).toBe(
      'postgres://llmux:***@db:port/llmux',
    );
  });
});

describe('maskDatabaseSecrets', () => {
  it('masks the URL and its password, raw and encoded, anywhere in a text', () => {
    const url = 'postgres://llmux:p%40ss%2Fword@db/llmux';
    const text = `could not reach ${url}; login p@ss/word failed (p%40ss%2Fword)`;
    const masked = maskDatabaseSecrets(text, url);
    expect(masked).not.toContain('p@ss/word');
    expect(masked).not.toContain('p%40ss%2Fword');
    expect(masked).toContain('postgres://llmux:***@db/llmux');
  });
});
