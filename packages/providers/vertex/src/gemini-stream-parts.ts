import {
  type APIError,
  type ChatCompletionChunk,
  type ChatStreamPartV1,
  invalidStreamDataError,
  type ServerSentEvent,
  type StreamEventTranslator,
  sseEventSource,
  streamEndedEarlyError,
  translateEventStream,
} from '@llmux/core';
import { completionIdOf } from './convert-gemini-response.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import {
  type GeminiCandidate,
  type GeminiResponse,
  type GeminiResponsePart,
  type GeminiUsage,
  geminiResponseSchema,
} from './gemini-api.js';
import { emptyCandidateError, promptBlockedError } from './gemini-blocked-error.js';
import { GeminiPartialArguments } from './gemini-partial-arguments.js';
import { encodeToolCallId } from './gemini-tool-call-id.js';
import { createGoogleStreamError, parseGoogleErrorBody } from './google-error.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

interface StreamOptions {
  llmProvider: string;
  model: string;
}

/** A function call whose arguments arrive as `partialArgs` over several events. */
interface PendingCall {
  toolIndex: number;
  args: GeminiPartialArguments;
}

interface CandidateState {
  /** Text or a tool call was sent for this candidate. */
  answered: boolean;
  toolCount: number;
  pending: PendingCall | undefined;
  finished: boolean;
}

interface EventOutcome {
  parts: ChatStreamPartV1[];
  /** Nothing more to read (an error). */
  done: boolean;
}

/** Gemini's streamed `GenerateContentResponse`s as OpenAI chunks, one event at a time. */
class GeminiStreamTranslator implements StreamEventTranslator<ServerSentEvent> {
  private id = '';
  private responseModel: string;
  private readonly created = Math.floor(Date.now() / 1000);
  private usage: GeminiUsage | undefined;
  private readonly candidates = new Map<number, CandidateState>();
  private readonly options: StreamOptions;

  constructor(options: StreamOptions) {
    this.options = options;
    this.responseModel = options.model;
  }

  private chunk(index: number, delta: Delta, finishReason: string | null = null): ChatStreamPartV1 {
    return {
      type: 'chunk',
      chunk: {
        id: this.id,
        object: 'chat.completion.chunk',
        created: this.created,
        model: this.responseModel,
        choices: [{ index, delta, finish_reason: finishReason }],
      },
    };
  }

  private error(error: APIError): EventOutcome {
    return { parts: [{ type: 'error', error }], done: true };
  }

  private invalid(reason: string, data: string): EventOutcome {
    return this.error(invalidStreamDataError(this.options, reason, data));
  }

  translate(event: ServerSentEvent): EventOutcome {
    const data = event.data;
    if (data.trim() === '') return { parts: [], done: false };
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return this.invalid('not JSON', data);
    }
    const errorDetails = parseGoogleErrorBody(payload);
    if (errorDetails) {
      return this.error(
        createGoogleStreamError({ details: errorDetails, body: payload, ...this.options }),
      );
    }
    const parsed = geminiResponseSchema.safeParse(payload);
    if (!parsed.success) {
      return this.invalid(parsed.error.issues[0]?.message ?? 'not a Gemini response', data);
    }
    return this.translateResponse(parsed.data);
  }

  private translateResponse(response: GeminiResponse): EventOutcome {
    if (this.id === '') this.id = completionIdOf(response.responseId);
    if (response.modelVersion) this.responseModel = response.modelVersion;
    if (response.usageMetadata) this.usage = response.usageMetadata;
    const blocked = promptBlockedError(response, this.options);
    if (blocked) return this.error(blocked);

    const parts: ChatStreamPartV1[] = [];
    for (const [position, candidate] of (response.candidates ?? []).entries()) {
      const index = candidate.index ?? position;
      let state = this.candidates.get(index);
      if (!state) {
        state = { answered: false, toolCount: 0, pending: undefined, finished: false };
        this.candidates.set(index, state);
        parts.push(this.chunk(index, { role: 'assistant', content: '' }));
      }
      for (const part of candidate.content?.parts ?? []) {
        parts.push(...this.translatePart(index, state, part));
      }
      if (candidate.finishReason) {
        const finish = this.finishCandidate(index, state, candidate, response);
        if (finish.done) return { parts: [...parts, ...finish.parts], done: true };
        parts.push(...finish.parts);
      }
    }
    return { parts, done: false };
  }

  private translatePart(
    index: number,
    state: CandidateState,
    part: GeminiResponsePart,
  ): ChatStreamPartV1[] {
    const call = part.functionCall;
    if (call) {
      state.answered = true;
      if (!state.pending && !call.partialArgs && !call.willContinue) {
        return [
          this.chunk(index, {
            tool_calls: [
              {
                index: state.toolCount++,
                id: encodeToolCallId(call.id, part.thoughtSignature),
                type: 'function',
                function: { name: call.name ?? '', arguments: JSON.stringify(call.args ?? {}) },
              },
            ],
          }),
        ];
      }
      const parts: ChatStreamPartV1[] = [];
      if (!state.pending) {
        state.pending = { toolIndex: state.toolCount++, args: new GeminiPartialArguments() };
        parts.push(
          this.chunk(index, {
            tool_calls: [
              {
                index: state.pending.toolIndex,
                id: encodeToolCallId(call.id, part.thoughtSignature),
                type: 'function',
                function: { name: call.name ?? '', arguments: '' },
              },
            ],
          }),
        );
      }
      state.pending.args.apply(call.partialArgs ?? []);
      if (!call.willContinue) parts.push(...this.completePending(index, state));
      return parts;
    }
    if (typeof part.text !== 'string' || part.text === '') return [];
    if (part.thought) return [this.chunk(index, { reasoning_content: part.text })];
    state.answered = true;
    return [this.chunk(index, { content: part.text })];
  }

  /** The arguments of a call streamed in parts, sent whole once the call is complete. */
  private completePending(index: number, state: CandidateState): ChatStreamPartV1[] {
    const pending = state.pending;
    if (!pending) return [];
    state.pending = undefined;
    return [
      this.chunk(index, {
        tool_calls: [{ index: pending.toolIndex, function: { arguments: pending.args.toJSON() } }],
      }),
    ];
  }

  private finishCandidate(
    index: number,
    state: CandidateState,
    candidate: GeminiCandidate,
    response: GeminiResponse,
  ): EventOutcome {
    const parts = this.completePending(index, state);
    state.finished = true;
    if (!state.answered) {
      const failure = emptyCandidateError(candidate, response, this.options);
      if (failure) return { parts: [...parts, { type: 'error', error: failure }], done: true };
    }
    const finishReason = mapGeminiFinishReason(candidate.finishReason, {
      hasToolCalls: state.toolCount > 0,
    });
    parts.push(this.chunk(index, {}, finishReason));
    return { parts, done: false };
  }

  /** At the end of the body: the usage chunk, or an error when no candidate finished. */
  end(): ChatStreamPartV1[] {
    if (![...this.candidates.values()].some(state => state.finished)) {
      return [{ type: 'error', error: streamEndedEarlyError(this.options) }];
    }
    const { usage, openAIUsage } = convertGeminiUsage(this.usage);
    return [
      {
        type: 'chunk',
        chunk: {
          id: this.id,
          object: 'chat.completion.chunk',
          created: this.created,
          model: this.responseModel,
          choices: [],
          usage: openAIUsage,
        },
      },
      { type: 'usage', usage },
    ];
  }
}

/**
 * Turns a `streamGenerateContent?alt=sse` body into OpenAI chunk parts: a role chunk per
 * candidate, content, reasoning and tool-call deltas (a call streamed as `partialArgs` is
 * announced first and its arguments sent whole when complete), a chunk with `finish_reason`,
 * then a usage chunk (`choices: []`) and a `usage` part. Error events, blocked output, a
 * broken connection or a body that ends before any `finishReason` become an `error` part;
 * the caller's abort errors the stream; cancelling it cancels the upstream body.
 */
export function createGeminiStreamParts({
  body,
  abortSignal,
  llmProvider,
  model,
}: {
  body: ReadableStream<Uint8Array>;
  abortSignal: AbortSignal | undefined;
  llmProvider: string;
  model: string;
}): ReadableStream<ChatStreamPartV1> {
  return translateEventStream({
    events: sseEventSource(body),
    translator: new GeminiStreamTranslator({ llmProvider, model }),
    llmProvider,
    model,
    abortSignal,
  });
}
