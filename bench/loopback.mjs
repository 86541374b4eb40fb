/**
 * The benchmark only ever talks to this machine: every URL it builds goes through
 * `assertLoopback` before a request is sent or a config is written.
 */

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/;

/**
 * Throws unless `url` is an `http:` URL (or one of `protocols`) whose host is a loopback address.
 *
 * @param {string | URL} url
 * @param {readonly string[]} [protocols] e.g. `['postgres:', 'postgresql:']`
 * @returns {URL} the parsed URL
 */
export function assertLoopback(url, protocols = ['http:']) {
  const parsed = new URL(url);
  if (!protocols.includes(parsed.protocol) || !LOOPBACK_HOST.test(parsed.hostname)) {
    throw new Error(`bench: refusing non-loopback URL ${parsed.href}`);
  }
  return parsed;
}
