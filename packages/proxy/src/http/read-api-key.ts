export type PresentedKey =
  | { kind: 'none' }
  | { kind: 'key'; key: string }
  | { kind: 'malformed'; header: string };

type HeaderReader = (name: string) => string | undefined;

const authorizationPrefixes = ['Bearer ', 'bearer ', 'Basic ', 'basic '];

/**
 * The key a request presents, read where LiteLLM reads it: `x-litellm-api-key` first (it
 * overrides `Authorization`), then `Authorization` (`Bearer ` stripped), `API-Key`
 * (old Azure SDKs), `x-api-key` (Anthropic clients), `x-goog-api-key` (Google clients),
 * `Ocp-Apim-Subscription-Key` (Azure APIM).
 */
export function readApiKey(header: HeaderReader): PresentedKey {
  const litellmKey = header('x-litellm-api-key')?.trim();
  if (litellmKey) return { kind: 'key', key: stripPrefix(litellmKey) ?? litellmKey };
  const authorization = header('authorization')?.trim();
  if (authorization) {
    const key = stripPrefix(authorization);
    return key ? { kind: 'key', key } : { kind: 'malformed', header: 'Authorization' };
  }
  for (const name of ['api-key', 'x-api-key', 'x-goog-api-key', 'ocp-apim-subscription-key']) {
    const key = header(name)?.trim();
    if (key) return { kind: 'key', key };
  }
  return { kind: 'none' };
}

function stripPrefix(value: string): string | undefined {
  for (const prefix of authorizationPrefixes) {
    if (value.startsWith(prefix)) {
      const key = value.slice(prefix.length).trim();
      return key === '' ? undefined : key;
    }
  }
  return undefined;
}
