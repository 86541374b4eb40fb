import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then version 7 and 74 random bits
 * taken from a v4 UUID (whose variant bits already match). Ids made later sort after earlier
 * ones, so a spend row's `request_id` lands at the end of its index instead of at a random
 * page: inserts stay cheap however large `llmux_spend_logs` grows.
 */
export function timeOrderedId(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // randomUUID(): xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; keep what follows the version digit.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
