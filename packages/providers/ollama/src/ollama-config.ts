import type { FetchFunction, ModelSettingsV1 } from '@llmux/core';

export const defaultOllamaBaseURL = 'http://localhost:11434';

/** Provider-wide defaults; the settings of each model (`api_key`, `api_base` …) win over them. */
export interface OllamaProviderOptions extends ModelSettingsV1 {
  /** The `provider/` prefix this provider answers (default `ollama`). */
  provider?: string | undefined;
}

export interface OllamaConfig {
  /** `ollama` or `ollama_chat`: the prefix the model was called under. */
  readonly provider: string;
  readonly modelId: string;
  /** Server root without a trailing slash (`http://localhost:11434`). */
  readonly baseURL: string;
  readonly fetch: FetchFunction | undefined;
  /** Lower-cased request headers; `authorization` only when a key is configured. */
  headers(callHeaders: Record<string, string> | undefined): Record<string, string>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Normalises an Ollama address the way Ollama's own clients read `OLLAMA_HOST`: a bare
 * `host` or `host:port` gets `http://` and, without a port, 11434. A full endpoint
 * (`…/api/chat`, as LiteLLM accepts) is cut back to the server root.
 */
export function normalizeOllamaBaseURL(address: string): string {
  let url = address.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const [hostPort = '', ...path] = url.split('/');
    const withPort = /:\d+$/.test(hostPort) ? hostPort : `${hostPort}:11434`;
    url = `http://${[withPort, ...path].join('/')}`;
  }
  return url.replace(/\/+$/, '').replace(/\/api\/(chat|embed|embeddings|generate)$/, '');
}

export function createOllamaConfig({
  provider,
  modelId,
  options,
  settings,
}: {
  provider: string;
  modelId: string;
  options: OllamaProviderOptions;
  settings: ModelSettingsV1;
}): OllamaConfig {
  const address =
    nonEmpty(settings.apiBase) ??
    nonEmpty(options.apiBase) ??
    nonEmpty(process.env.OLLAMA_API_BASE) ??
    nonEmpty(process.env.OLLAMA_HOST);
  const baseURL = address === undefined ? defaultOllamaBaseURL : normalizeOllamaBaseURL(address);

  return {
    provider,
    modelId,
    baseURL,
    fetch: settings.fetch ?? options.fetch,
    headers(callHeaders) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      // A local server takes no key; ollama.com (and authenticating proxies) take a Bearer token.
      const key =
        nonEmpty(settings.apiKey) ??
        nonEmpty(options.apiKey) ??
        nonEmpty(process.env.OLLAMA_API_KEY);
      if (key !== undefined) headers.authorization = `Bearer ${key}`;
      for (const extra of [options.headers, settings.headers, callHeaders]) {
        for (const [name, value] of Object.entries(extra ?? {})) {
          headers[name.toLowerCase()] = value;
        }
      }
      return headers;
    },
  };
}
