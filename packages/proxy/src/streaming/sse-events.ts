import type { ChatCompletionChunk, ChatStreamPartV1 } from '@llmux/core';
import { toApiError, toErrorBody } from '../http/to-error-body.js';
import { restampModel } from './restamp-model.js';

export interface SseOutcome {
  /** When the first chunk went out. */
  completionStartedAt?: Date | undefined;
  responseId?: string | undefined;
  /** The error that ended the stream early, if one did. */
  error?: unknown;
  clientDisconnected: boolean;
}

export interface SseResponseOptions {
  modelGroup: string;
  callId: string;
  headers: Record<string, string>;
  /**
   * Whether the client asked for `stream_options.include_usage`. Adapters always ask the
   * upstream for usage (it prices the stream); a client that did not ask does not get the
   * usage-only chunk (`choices: []`), which some OpenAI clients cannot read.
   */
  includeUsage: boolean;
  /** Called once when the client goes away; should abort the upstream call. */
  onClientDisconnect: () => void;
}

/** The response headers of an SSE answer: the call's own, then the event-stream ones. */
export function sseHeaders(options: SseResponseOptions): Record<string, string> {
  return {
    ...options.headers,
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  };
}

function isUsageOnly(chunk: ChatCompletionChunk): boolean {
  return chunk.choices.length === 0 && chunk.usage !== null && chunk.usage !== undefined;
}

/**
 * The `data:` payload a chunk part goes out as (the upstream's own text when there is one,
 * with the model group as `model`), noting the first chunk in `outcome`; undefined for a
 * part the client does not get (a usage part, or a usage-only chunk it did not ask for).
 */
export function chunkData(
  part: ChatStreamPartV1,
  options: SseResponseOptions,
  outcome: SseOutcome,
): string | undefined {
  if (part.type !== 'chunk') return undefined;
  if (!options.includeUsage && isUsageOnly(part.chunk)) return undefined;
  outcome.completionStartedAt ??= new Date();
  outcome.responseId ??= part.chunk.id;
  return part.rawData !== undefined
    ? restampModel(part.rawData, part.chunk.model, options.modelGroup)
    : JSON.stringify({ ...part.chunk, model: options.modelGroup });
}

/** The one `data:` payload that ends a stream on an error (OpenAI's error envelope). */
export function errorData(error: unknown, callId: string): string {
  return JSON.stringify(toErrorBody(toApiError(error, callId)));
}
