import type { ProxyConfig } from './config-schema.js';

/**
 * True when requests must present `general_settings.master_key`. Without one the proxy
 * is open to anyone who reaches it (LiteLLM behaves the same); callers should warn.
 */
export function hasMasterKey(config: ProxyConfig): boolean {
  const masterKey = config.general_settings.master_key;
  return typeof masterKey === 'string' && masterKey !== '';
}
