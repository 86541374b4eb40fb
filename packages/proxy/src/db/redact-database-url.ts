const mask = '***';

/**
 * The database URL with its password replaced by `***`, for logs and error messages.
 * Works on URLs that do not parse too (the `user:password@` part is masked by pattern).
 *
 * @example
 * redactDatabaseUrl('postgres://llmux:s3cret@db/llmux'); // 'postgres://llmux:***@db/llmux'
 */
export function redactDatabaseUrl(url: string): string {
  let redacted = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, `$1:${mask}@`);
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') {
      parsed.password = mask;
      redacted = parsed.toString();
    }
    for (const name of ['password', 'sslpassword']) {
      if (parsed.searchParams.has(name)) {
        parsed.searchParams.set(name, mask);
        redacted = parsed.toString();
      }
    }
  } catch {
    // Not a URL: the pattern above did what can be done.
  }
  return redacted;
}

/** The secrets a database URL carries (its password, raw and URL-encoded), to mask in text. */
export function databaseUrlSecrets(url: string): string[] {
  const secrets = new Set<string>();
  try {
    const parsed = new URL(url);
    for (const value of [
      parsed.password,
      parsed.searchParams.get('password'),
      parsed.searchParams.get('sslpassword'),
    ]) {
      if (!value) continue;
      secrets.add(value);
      try {
        secrets.add(decodeURIComponent(value));
      } catch {
        // A malformed escape: the raw form is masked.
      }
      secrets.add(encodeURIComponent(value));
    }
  } catch {
    const match = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:([^@/?#]+)@/i.exec(url);
    if (match?.[1]) secrets.add(match[1]);
  }
  return [...secrets];
}

/** `text` with every secret of the database URL (and the URL itself) masked. */
export function maskDatabaseSecrets(text: string, url: string): string {
  let masked = text.split(url).join(redactDatabaseUrl(url));
  for (const secret of databaseUrlSecrets(url)) masked = masked.split(secret).join(mask);
  return masked;
}
