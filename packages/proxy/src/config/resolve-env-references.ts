import { ConfigError } from './config-error.js';
import { appendKeyPath } from './key-path.js';

const envPrefix = 'os.environ/';
const maxDepth = 32;

/**
 * Replaces every string `os.environ/NAME` (at any depth) with `env.NAME`, and drops
 * keys whose value is `null` (YAML's empty value means "not set", as LiteLLM reads it).
 * A variable that is not set throws a `ConfigError` naming the key that referenced it.
 */
export function resolveEnvReferences(
  value: unknown,
  env: NodeJS.ProcessEnv,
  keyPath = '',
  depth = 0,
): unknown {
  if (depth > maxDepth) throw new ConfigError(keyPath, `nested more than ${maxDepth} levels deep`);
  if (typeof value === 'string') return resolveString(value, env, keyPath);
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      resolveEnvReferences(item, env, appendKeyPath(keyPath, index), depth + 1),
    );
  }
  if (typeof value === 'object' && value !== null) {
    const resolved: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === null || item === undefined) continue;
      resolved[key] = resolveEnvReferences(item, env, appendKeyPath(keyPath, key), depth + 1);
    }
    return resolved;
  }
  return value;
}

function resolveString(value: string, env: NodeJS.ProcessEnv, keyPath: string): string {
  if (!value.startsWith(envPrefix)) return value;
  const name = value.slice(envPrefix.length);
  if (name === '') throw new ConfigError(keyPath, `"${value}" names no environment variable`);
  const resolved = env[name];
  if (resolved === undefined) {
    throw new ConfigError(
      keyPath,
      `environment variable ${name} is not set (referenced as "${value}"). Set it, or add it under environment_variables.`,
    );
  }
  return resolved;
}
