import type { APIError } from '../errors/api-error.js';
import type { ChatCompletionChunk } from '../openai/chat-completion-chunk.js';
import { costForUsage, picoToDollars } from '../pricing/index.js';
import type { ChatStreamPartV1 } from '../provider/provider-v1.js';
import { emptyUsage, type UsageV1 } from '../provider/usage.js';
import type { HiddenParams } from './hidden-params.js';
import type { CallTarget } from './resolve-call.js';

export interface CompletionStreamInit {
  stream: ReadableStream<ChatStreamPartV1>;
  target: CallTarget;
  headers: Record<string, string>;
  promptTokenEstimate: number;
  attemptedRetries: number;
  attemptedFallbacks: number;
  onFinish: () => void;
}

/**
 * A streamed completion: iterate it for OpenAI chunks (`for await … of`), or read
 * `parts()` for chunks with their raw text. Once it ends, `_hidden_params` holds the
 * usage and exact cost; `done` resolves then (also after an error or a cancel).
 */
export class CompletionStream implements AsyncIterable<ChatCompletionChunk> {
  readonly _hidden_params: HiddenParams;
  readonly done: Promise<HiddenParams>;
  private readonly source: ReadableStream<ChatStreamPartV1>;
  private readonly init: CompletionStreamInit;
  private resolveDone!: (hidden: HiddenParams) => void;
  private consumedBy: 'read' | 'parts' | undefined;
  private ended = false;
  private reader: ReadableStreamDefaultReader<ChatStreamPartV1> | undefined;
  private completionText = 0;
  private reportedUsage: UsageV1 | undefined;
  private finished = false;
  private watchers: ((part: ChatStreamPartV1) => void)[] | undefined;

  constructor(init: CompletionStreamInit) {
    this.init = init;
    this.source = init.stream;
    this._hidden_params = {
      custom_llm_provider: init.target.provider,
      model: init.target.modelId,
      api_base: init.target.settings.apiBase,
      response_cost: 0,
      response_cost_pico: 0n,
      priced: false,
      usage: { ...emptyUsage },
      usage_estimated: false,
      additional_headers: init.headers,
      attempted_retries: init.attemptedRetries,
      attempted_fallbacks: init.attemptedFallbacks,
    };
    this.done = new Promise(resolve => {
      this.resolveDone = resolve;
    });
  }

  /**
   * The next part, as a stream reader's `read()` gives it, without an async generator between
   * (what the proxy's SSE writers use; `parts()` is built on it). Errors arrive as parts; after
   * an error part, the end, or `cancel()`, reads answer `done`. Either `read()` or `parts()`
   * reads a stream, not both.
   */
  read(): Promise<ReadableStreamReadResult<ChatStreamPartV1>> {
    this.claim('read');
    return this.readPart();
  }

  /** Every part, including raw `data:` text for OpenAI-format upstreams. Errors arrive as parts. */
  async *parts(): AsyncGenerator<ChatStreamPartV1> {
    this.claim('parts');
    let ended = false;
    try {
      while (true) {
        const next = await this.readPart();
        if (next.done) {
          ended = true;
          return;
        }
        yield next.value;
      }
    } finally {
      // The consumer stopped early (a `break`, a throw): the upstream is not read further.
      if (!ended) await this.cancel();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ChatCompletionChunk> {
    for await (const part of this.parts()) {
      if (part.type === 'chunk') yield part.chunk;
      else if (part.type === 'error') throw part.error satisfies APIError;
    }
  }

  /**
   * Calls `watcher` with each part as the reader takes it, before the reader sees it (a router
   * timing the first token, counting an error part). A watcher must not throw; it changes
   * nothing about what is read.
   */
  watch(watcher: (part: ChatStreamPartV1) => void): void {
    this.watchers ??= [];
    this.watchers.push(watcher);
  }

  /** Stops reading and cancels the upstream request. */
  async cancel(): Promise<void> {
    if (this.ended) return;
    if (this.reader) {
      // A pending read resolves as done and ends the stream; otherwise it ends here.
      await this.reader.cancel().catch(() => undefined);
      this.end();
      return;
    }
    this.consumedBy ??= 'read';
    this.ended = true;
    await this.source.cancel().catch(() => undefined);
    this.finish();
  }

  /** `read()` may be called again and again; anything else reads the stream once. */
  private claim(by: 'read' | 'parts'): void {
    if (by === 'read' && this.consumedBy === 'read') return;
    if (this.consumedBy !== undefined) {
      throw new Error('A CompletionStream can be read only once.');
    }
    this.consumedBy = by;
  }

  private async readPart(): Promise<ReadableStreamReadResult<ChatStreamPartV1>> {
    if (this.ended) return { done: true, value: undefined };
    this.reader ??= this.source.getReader();
    let next: ReadableStreamReadResult<ChatStreamPartV1>;
    try {
      next = await this.reader.read();
    } catch (error) {
      this.end();
      throw error;
    }
    if (next.done) {
      this.end();
      return next;
    }
    this.observe(next.value);
    if (next.value.type === 'error') this.end();
    return next;
  }

  /** No more parts will be read: the reader is released and the accounting done, once. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.reader?.releaseLock();
    this.finish();
  }

  private observe(part: ChatStreamPartV1): void {
    if (this.watchers) for (const watcher of this.watchers) watcher(part);
    if (part.type === 'usage') {
      this.reportedUsage = part.usage;
      return;
    }
    if (part.type !== 'chunk') return;
    for (const choice of part.chunk.choices) {
      const delta = choice.delta;
      if (delta.content) this.completionText += delta.content.length;
      if (delta.reasoning_content) this.completionText += delta.reasoning_content.length;
      for (const call of delta.tool_calls ?? []) {
        this.completionText +=
          (call.function?.name?.length ?? 0) + (call.function?.arguments?.length ?? 0);
      }
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const hidden = this._hidden_params;
    let usage = this.reportedUsage;
    if (!usage) {
      const completionTokens = Math.ceil(this.completionText / 4);
      usage = {
        ...emptyUsage,
        promptTokens: this.init.promptTokenEstimate,
        completionTokens,
        totalTokens: this.init.promptTokenEstimate + completionTokens,
      };
      hidden.usage_estimated = true;
    }
    const { costPico, priced } = costForUsage({
      provider: this.init.target.provider,
      modelId: this.init.target.modelId,
      usage,
      customPrice: this.init.target.customPrice,
      baseModel: this.init.target.options.base_model,
    });
    hidden.usage = usage;
    hidden.response_cost_pico = costPico;
    hidden.response_cost = picoToDollars(costPico);
    hidden.priced = priced;
    this.init.onFinish();
    this.resolveDone(hidden);
  }
}
