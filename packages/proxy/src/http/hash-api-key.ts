import { createHash } from 'node:crypto';

/** sha256 digest of a key, the form keys are compared and stored in (LiteLLM stores the hex). */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function hashApiKey(key: string): string {
  return sha256(key).toString('hex');
}

/** `sk-...` + the last 4 characters, LiteLLM's abbreviation; short keys show nothing of themselves. */
export function abbreviateApiKey(key: string): string {
  return key.length >= 12 ? `sk-...${key.slice(-4)}` : 'sk-...';
}
