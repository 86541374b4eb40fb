/** Response headers as adapters read them; `Headers` has this shape. */
export interface UpstreamHeaders {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

/**
 * What `fetchUpstream` answers: the part of a fetch `Response` adapters use. A custom
 * `fetch` returns a real `Response`; the default transport (undici's pooled `request`)
 * returns a lighter object with the same members.
 */
export interface UpstreamResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly url: string;
  readonly headers: UpstreamHeaders;
  /** The body as a web stream, for streamed answers. */
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
}
