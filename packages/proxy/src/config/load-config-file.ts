import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ConfigError } from './config-error.js';
import { type ParsedProxyConfig, parseProxyConfig } from './parse-proxy-config.js';

/**
 * Reads a LiteLLM `config.yaml` and parses it with `parseProxyConfig`.
 *
 * @example
 * const { config, ignoredKeys } = await loadConfigFile('litellm_config.yaml');
 */
export async function loadConfigFile(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ParsedProxyConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError('', `cannot read ${path}: ${reason}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new ConfigError('', `${path} is not valid YAML: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseProxyConfig(raw, env);
}
