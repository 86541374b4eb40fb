import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';

/** The SQLite file used when `general_settings.database_url` is not set, relative to cwd. */
export const defaultDatabaseFile = '.llmux/llmux.sqlite';

export type DatabaseLocation = { kind: 'memory' } | { kind: 'file'; path: string };

const keyPath = 'general_settings.database_url';

/**
 * Where `general_settings.database_url` points: unset → `.llmux/llmux.sqlite` under `cwd`;
 * `:memory:` → in memory; `sqlite:<path>`, `sqlite://<path>`, `file:<path>` or a bare path
 * → that SQLite file (relative paths against `cwd`, any `?query` dropped).
 */
export function resolveDatabaseLocation(
  url: string | undefined,
  cwd: string = process.cwd(),
): DatabaseLocation {
  const trimmed = url?.trim() ?? '';
  if (trimmed === '') return { kind: 'file', path: resolve(cwd, defaultDatabaseFile) };
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    throw new ConfigError(
      keyPath,
      'Postgres is not supported in this build of llmux yet (it comes with a later release). ' +
        'Use SQLite: remove database_url to use .llmux/llmux.sqlite, or set it to sqlite:<path>.',
    );
  }
  let path = trimmed;
  const scheme = /^(sqlite|file):/i.exec(path);
  if (scheme) {
    path = path.slice(scheme[0].length).replace(/\?.*$/, '');
    if (path.startsWith('//')) path = path.slice(2);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new ConfigError(
      keyPath,
      `unsupported database URL scheme "${path.slice(0, path.indexOf(':'))}". Use sqlite:<path> (or leave database_url unset).`,
    );
  }
  if (path === ':memory:') return { kind: 'memory' };
  if (path === '') throw new ConfigError(keyPath, 'the SQLite URL names no file');
  return { kind: 'file', path: isAbsolute(path) ? path : resolve(cwd, path) };
}
