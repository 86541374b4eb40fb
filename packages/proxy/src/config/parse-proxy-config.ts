import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { type ProxyConfig, proxyConfigSchema } from './config-schema.js';
import { findIgnoredKeys } from './ignored-keys.js';
import { appendKeyPath, formatKeyPath } from './key-path.js';
import { resolveEnvReferences } from './resolve-env-references.js';

export interface ParsedProxyConfig {
  config: ProxyConfig;
  /** Dotted names of keys llmux does not implement yet (log them once). */
  ignoredKeys: string[];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toConfigError(error: z.ZodError): ConfigError {
  const [first, ...rest] = error.issues;
  if (!first) return new ConfigError('', 'invalid value');
  const more =
    rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return new ConfigError(formatKeyPath(first.path), `${first.message}${more}`, { cause: error });
}

/** Writes `environment_variables` into `env` (values may reference `os.environ/` themselves). */
function applyEnvironmentVariables(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const variables = raw.environment_variables;
  if (variables === undefined || variables === null) return;
  if (!isMap(variables))
    throw new ConfigError('environment_variables', 'expected a map of names to strings');
  for (const [name, value] of Object.entries(variables)) {
    if (value === null || value === undefined) continue;
    const keyPath = appendKeyPath('environment_variables', name);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ConfigError(keyPath, 'expected a string');
    }
    env[name] = String(resolveEnvReferences(String(value), env, keyPath));
  }
}

/**
 * Reads a LiteLLM proxy config (`model_list`, `router_settings`, `litellm_settings`,
 * `general_settings`, `environment_variables`; `include` is not supported yet). Entries of
 * `environment_variables` are written into `env` first, then every `os.environ/NAME`
 * string is resolved from `env`. Without `general_settings.master_key`,
 * `LITELLM_MASTER_KEY` from `env` is used, as LiteLLM does.
 *
 * @throws ConfigError naming the key path of a missing variable or an invalid value.
 * @example
 * const { config, ignoredKeys } = parseProxyConfig(YAML.parse(text));
 */
export function parseProxyConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv = process.env,
): ParsedProxyConfig {
  if (raw === null || raw === undefined) raw = {};
  if (!isMap(raw)) throw new ConfigError('', 'expected a map at the top level of the config');
  applyEnvironmentVariables(raw, env);
  const resolved = resolveEnvReferences(raw, env);
  const result = proxyConfigSchema.safeParse(resolved);
  if (!result.success) throw toConfigError(result.error);
  const config = result.data;
  const envMasterKey = env.LITELLM_MASTER_KEY;
  if (config.general_settings.master_key === undefined && envMasterKey) {
    config.general_settings.master_key = envMasterKey;
  }
  return { config, ignoredKeys: findIgnoredKeys(config) };
}
