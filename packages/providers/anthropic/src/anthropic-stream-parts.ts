import {
  type APIError,
  type ChatCompletionChunk,
  type ChatStreamPartV1,
  invalidStreamDataError,
  type ServerSentEvent,
  type StreamEventTranslator,
  sseEventSource,
  translateEventStream,
} from '@llmux/core';
import {
  type AnthropicStreamEvent,
  type AnthropicUsage,
  anthropicStreamEventSchema,
} from './anthropic-api.js';
import { createAnthropicStreamError } from './anthropic-error.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

const knownEventTypes = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);

type Delta = ChatCompletionChunk['choices'][number]['delta'];

/** What each content block index is, so its deltas land in the right OpenAI field. */
type BlockKind =
  | { kind: 'text' }
  | { kind: 'thinking' }
  | { kind: 'tool'; toolIndex: number }
  | { kind: 'json' }
  | { kind: 'other' };

interface StreamOptions {
  llmProvider: string;
  model: string;
  jsonToolName: string | undefined;
}

interface EventOutcome {
  parts: ChatStreamPartV1[];
  /** The response is complete (`message_delta` seen). */
  finished: boolean;
  /** Nothing more to read (`message_stop` or an error). */
  done: boolean;
}

function mergeUsage(
  current: AnthropicUsage,
  update: AnthropicUsage | null | undefined,
): AnthropicUsage {
  const merged = { ...current };
  for (const [name, value] of Object.entries(update ?? {})) {
    if (typeof value === 'number') (merged as Record<string, unknown>)[name] = value;
  }
  return merged;
}

/** Anthropic SSE events as OpenAI chunks, one event at a time. */
class AnthropicStreamTranslator implements StreamEventTranslator<ServerSentEvent> {
  private id = '';
  private responseModel: string;
  private readonly created = Math.floor(Date.now() / 1000);
  private usage: AnthropicUsage = {};
  private readonly blocks = new Map<number, BlockKind>();
  private toolCount = 0;
  private readonly options: StreamOptions;

  constructor(options: StreamOptions) {
    this.options = options;
    this.responseModel = options.model;
  }

  private chunk(delta: Delta, finishReason: string | null = null): ChatStreamPartV1 {
    return {
      type: 'chunk',
      chunk: {
        id: this.id,
        object: 'chat.completion.chunk',
        created: this.created,
        model: this.responseModel,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      },
    };
  }

  private error(error: APIError): EventOutcome {
    return { parts: [{ type: 'error', error }], finished: false, done: true };
  }

  private invalid(reason: string, data: string): EventOutcome {
    return this.error(invalidStreamDataError(this.options, reason, data));
  }

  translate(event: ServerSentEvent): EventOutcome {
    const data = event.data;
    if (data.trim() === '') return { parts: [], finished: false, done: false };
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return this.invalid('not JSON', data);
    }
    const type = (payload as { type?: unknown } | null)?.type;
    // Unknown event types (Vertex adds some) are skipped, as Anthropic's docs ask.
    if (typeof type === 'string' && !knownEventTypes.has(type)) {
      return { parts: [], finished: false, done: false };
    }
    const parsed = anthropicStreamEventSchema.safeParse(payload);
    if (!parsed.success) {
      return this.invalid(parsed.error.issues[0]?.message ?? 'not an Anthropic event', data);
    }
    return this.translateEvent(parsed.data, payload);
  }

  private translateEvent(event: AnthropicStreamEvent, payload: unknown): EventOutcome {
    const none: EventOutcome = { parts: [], finished: false, done: false };
    const some = (...parts: ChatStreamPartV1[]): EventOutcome => ({
      parts,
      finished: false,
      done: false,
    });
    switch (event.type) {
      case 'message_start':
        this.id = event.message.id;
        this.responseModel = event.message.model;
        this.usage = mergeUsage(this.usage, event.message.usage);
        return some(this.chunk({ role: 'assistant', content: '' }));
      case 'content_block_start':
        return some(...this.startBlock(event.index, event.content_block));
      case 'content_block_delta':
        return some(...this.blockDelta(event.index, event.delta));
      case 'message_delta': {
        this.usage = mergeUsage(this.usage, event.usage);
        const finishReason = mapAnthropicStopReason(event.delta.stop_reason, {
          hasToolCalls: this.toolCount > 0,
        });
        const { usage, openAIUsage } = convertAnthropicUsage(this.usage);
        const usageChunk: ChatStreamPartV1 = {
          type: 'chunk',
          chunk: {
            id: this.id,
            object: 'chat.completion.chunk',
            created: this.created,
            model: this.responseModel,
            choices: [],
            usage: openAIUsage,
          },
        };
        return {
          parts: [this.chunk({}, finishReason ?? 'stop'), usageChunk, { type: 'usage', usage }],
          finished: true,
          done: false,
        };
      }
      case 'message_stop':
        return { parts: [], finished: true, done: true };
      case 'error':
        return this.error(
          createAnthropicStreamError({
            details: event.error,
            body: payload,
            llmProvider: this.options.llmProvider,
            model: this.options.model,
          }),
        );
      default:
        return none;
    }
  }

  private startBlock(
    index: number,
    block: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block'],
  ): ChatStreamPartV1[] {
    switch (block.type) {
      case 'text':
        this.blocks.set(index, { kind: 'text' });
        return block.text ? [this.chunk({ content: block.text })] : [];
      case 'thinking':
        this.blocks.set(index, { kind: 'thinking' });
        return block.thinking ? [this.chunk({ reasoning_content: block.thinking })] : [];
      case 'redacted_thinking':
        this.blocks.set(index, { kind: 'other' });
        return [this.chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: block.data }] })];
      case 'tool_use': {
        if (block.name === this.options.jsonToolName) {
          this.blocks.set(index, { kind: 'json' });
          return [];
        }
        const toolIndex = this.toolCount++;
        this.blocks.set(index, { kind: 'tool', toolIndex });
        return [
          this.chunk({
            tool_calls: [
              {
                index: toolIndex,
                id: block.id ?? '',
                type: 'function',
                function: { name: block.name ?? '', arguments: '' },
              },
            ],
          }),
        ];
      }
      default:
        // Server tool blocks (web search …) have no OpenAI counterpart.
        this.blocks.set(index, { kind: 'other' });
        return [];
    }
  }

  private blockDelta(
    index: number,
    delta: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['delta'],
  ): ChatStreamPartV1[] {
    const block = this.blocks.get(index);
    switch (delta.type) {
      case 'text_delta':
        return delta.text ? [this.chunk({ content: delta.text })] : [];
      case 'thinking_delta':
        return delta.thinking ? [this.chunk({ reasoning_content: delta.thinking })] : [];
      case 'signature_delta':
        return delta.signature
          ? [this.chunk({ thinking_blocks: [{ type: 'thinking', signature: delta.signature }] })]
          : [];
      case 'input_json_delta': {
        const fragment = delta.partial_json;
        if (!fragment) return [];
        if (block?.kind === 'json') return [this.chunk({ content: fragment })];
        if (block?.kind === 'tool') {
          return [
            this.chunk({
              tool_calls: [{ index: block.toolIndex, function: { arguments: fragment } }],
            }),
          ];
        }
        return [];
      }
      default:
        return [];
    }
  }
}

/**
 * Turns an Anthropic SSE body into OpenAI chunk parts: a role chunk, content, reasoning and
 * tool-call deltas, a finish chunk, then a usage chunk (`choices: []`) and a `usage` part.
 * `event: error` and a broken connection become an `error` part; the caller's abort errors
 * the stream; cancelling the stream cancels the upstream body.
 */
export function createAnthropicStreamParts({
  body,
  abortSignal,
  llmProvider,
  model,
  jsonToolName,
}: {
  body: ReadableStream<Uint8Array>;
  abortSignal: AbortSignal | undefined;
  llmProvider: string;
  model: string;
  jsonToolName: string | undefined;
}): ReadableStream<ChatStreamPartV1> {
  return translateEventStream({
    events: sseEventSource(body),
    translator: new AnthropicStreamTranslator({ llmProvider, model, jsonToolName }),
    llmProvider,
    model,
    abortSignal,
  });
}
