import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { resolveDatabaseLocation } from './resolve-database-location.js';

describe('resolveDatabaseLocation', () => {
  it('defaults to .llmux/llmux.sqlite under cwd', () => {
    expect(resolveDatabaseLocation(undefined, '/srv/app')).toEqual({
      kind: 'file',
      path: '/srv/app/.llmux/llmux.sqlite',
    });
  });

  it('reads sqlite:, file:, bare paths and :memory:', () => {
    expect(resolveDatabaseLocation('sqlite:./data/spend.db', '/srv')).toEqual({
      kind: 'file',
      path: '/srv/data/spend.db',
    });
    expect(resolveDatabaseLocation('sqlite:///var/llmux.db', '/srv')).toEqual({
      kind: 'file',
      path: '/var/llmux.db',
    });
    expect(resolveDatabaseLocation('file:./dev.db?connection_limit=1', '/srv')).toEqual({
      kind: 'file',
      path: '/srv/dev.db',
    });
    expect(resolveDatabaseLocation('/tmp/x.sqlite', '/srv')).toEqual({
      kind: 'file',
      path: '/tmp/x.sqlite',
    });
    expect(resolveDatabaseLocation(':memory:')).toEqual({ kind: 'memory' });
    expect(resolveDatabaseLocation('sqlite::memory:')).toEqual({ kind: 'memory' });
  });

  it('says Postgres is not in this build, without echoing the URL', () => {
    for (const url of ['postgres://user:pw@db/llmux', 'postgresql://user:pw@db/llmux']) {
      let caught: unknown;
      try {
        resolveDatabaseLocation(url);
      } catch (error) {
        caught = error;
      }
      expect(ConfigError.isInstance(caught)).toBe(true);
      const error = caught as ConfigError;
      expect(error.keyPath).toBe('general_settings.database_url');
      expect(error.message).toMatch(/Postgres is not supported in this build/);
      expect(error.message).not.toContain('pw');
    }
    expect(() => resolveDatabaseLocation('mysql://db/x')).toThrow(
      /unsupported database URL scheme "mysql"/,
    );
  });
});
