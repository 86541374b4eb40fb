/**
 * The SDK alone: CPU per call of `completion()` from `@llmux/core` (built `dist`, with the
 * OpenAI adapter registered) against the mock, versus a raw `fetch` of the same request (the
 * issue's baseline) and a raw undici `request` through a keep-alive `Agent` (the transport the
 * SDK itself uses, so that difference is the SDK's own work). Measured in this process with `process.cpuUsage()` over sequential calls; the mock runs in
 * its own process, so only the client's work is counted.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MOCK_CONTENT } from './http-client.mjs';
import { assertLoopback } from './loopback.mjs';
import { median } from './stats.mjs';

/**
 * @typedef {object} SdkResult
 * @property {number} calls per side per round
 * @property {number} rounds
 * @property {number} fetchUs CPU µs per raw fetch call (median of rounds)
 * @property {number} requestUs CPU µs per raw undici request call (median of rounds)
 * @property {number} completionUs CPU µs per completion() call (median of rounds)
 * @property {number} overheadUs completionUs − fetchUs
 * @property {number} overRequestUs completionUs − requestUs
 * @property {number} errors
 */

/**
 * Loads the built core and OpenAI adapter and registers the adapter, as core's registry
 * would on the first `openai/` call.
 *
 * @param {string} repoRoot
 */
async function loadSdk(repoRoot) {
  const load = (/** @type {string} */ file) =>
    import(pathToFileURL(path.join(repoRoot, file)).href);
  const core = await load('packages/core/dist/index.js');
  const openai = await load('packages/providers/openai/dist/index.js');
  for (const provider of openai.llmuxProviders) core.registerProvider(provider);
  core.setLogLevel('silent');
  return core;
}

/**
 * CPU µs per call of `call`, over `calls` sequential calls.
 *
 * @param {() => Promise<boolean>} call resolves false for a bad reply
 * @param {number} calls
 */
async function cpuPerCall(call, calls) {
  let errors = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const ok = await call().catch(() => false);
    if (!ok) errors++;
  }
  const used = process.cpuUsage(before);
  return { us: (used.user + used.system) / calls, errors };
}

/**
 * Measures both sides in alternating rounds (after a warm-up of each) and compares medians.
 *
 * @param {{ repoRoot: string, apiBase: string, calls: number, rounds: number }} options
 * @returns {Promise<SdkResult>}
 */
export async function measureSdkOverhead({ repoRoot, apiBase, calls, rounds }) {
  assertLoopback(apiBase);
  const { completion } = await loadSdk(repoRoot);
  const apiKey = 'sk-mock-upstream';
  const messages = [{ role: 'user', content: 'Say hello in five words.' }];
  const url = `${apiBase}/chat/completions`;

  // The cheapest raw fetch: `redirect: 'error'` skips undici's copy of the request and its
  // body, as the SDK's own upstream calls do, so the difference is the SDK's work alone.
  const rawFetch = async () => {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'error',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages, max_tokens: 16 }),
    });
    const json = await response.json();
    return response.ok && json.choices?.[0]?.message?.content === MOCK_CONTENT;
  };
  // undici as core resolves it (core depends on it; the bench itself does not).
  const undici = createRequire(path.join(repoRoot, 'packages/core/package.json'))('undici');
  const agent = new undici.Agent();
  const origin = new URL(url).origin;
  const requestPath = new URL(url).pathname;
  const rawRequest = async () => {
    const response = await agent.request({
      origin,
      path: requestPath,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages, max_tokens: 16 }),
    });
    const json = JSON.parse(await response.body.text());
    return response.statusCode === 200 && json.choices?.[0]?.message?.content === MOCK_CONTENT;
  };
  const sdkCall = async () => {
    const response = await completion({
      model: 'openai/gpt-4o-mini',
      messages,
      max_tokens: 16,
      api_base: apiBase,
      api_key: apiKey,
    });
    return response.choices?.[0]?.message?.content === MOCK_CONTENT;
  };

  const warmup = Math.max(50, Math.min(500, calls));
  let errors =
    (await cpuPerCall(rawFetch, warmup)).errors +
    (await cpuPerCall(rawRequest, warmup)).errors +
    (await cpuPerCall(sdkCall, warmup)).errors;
  const fetchUs = [];
  const requestUs = [];
  const completionUs = [];
  for (let round = 0; round < rounds; round++) {
    const raw = await cpuPerCall(rawFetch, calls);
    const pooled = await cpuPerCall(rawRequest, calls);
    const sdk = await cpuPerCall(sdkCall, calls);
    fetchUs.push(raw.us);
    requestUs.push(pooled.us);
    completionUs.push(sdk.us);
    errors += raw.errors + pooled.errors + sdk.errors;
  }
  await agent.close();
  const fetchMedian = median(fetchUs);
  const requestMedian = median(requestUs);
  const completionMedian = median(completionUs);
  return {
    calls,
    rounds,
    fetchUs: fetchMedian,
    requestUs: requestMedian,
    completionUs: completionMedian,
    overheadUs: completionMedian - fetchMedian,
    overRequestUs: completionMedian - requestMedian,
    errors,
  };
}
