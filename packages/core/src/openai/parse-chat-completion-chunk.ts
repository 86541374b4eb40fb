import type { z } from 'zod';
import { type ChatCompletionChunk, chatCompletionChunkSchema } from './chat-completion-chunk.js';
import {
  hasCompletionEnvelope,
  isEveryChoice,
  isJsonObject,
  isNullish,
  isOptionalString,
  type JsonFields,
} from './json-field-checks.js';

type ChunkParseResult =
  | { success: true; data: ChatCompletionChunk }
  | { success: false; error: z.ZodError };

/**
 * Validates one streamed chunk (a `JSON.parse` result the caller owns) against
 * `chatCompletionChunkSchema`. The schema transforms nothing and keeps unknown fields, so a
 * valid chunk comes out equal to what went in; the common text chunk is recognised by the
 * checks below and returned as it is, without the schema's field-by-field copy (a stream
 * pays this once per token). Anything else (tool calls, usage, a wrong type anywhere) goes
 * through the schema, which has the last word and the error messages.
 */
export function parseChatCompletionChunk(value: unknown): ChunkParseResult {
  if (isPlainTextChunk(value)) return { success: true, data: value };
  return chatCompletionChunkSchema.safeParse(value);
}

/** A subset of the schema: everything it accepts, nothing it would refuse. */
function isPlainTextChunk(value: unknown): value is ChatCompletionChunk {
  if (!isJsonObject(value)) return false;
  if (
    !hasCompletionEnvelope(value) ||
    typeof value.object !== 'string' ||
    !isNullish(value.usage)
  ) {
    return false;
  }
  return isEveryChoice(value.choices, isPlainTextChoice);
}

function isPlainTextChoice(choice: JsonFields): boolean {
  if (!isOptionalString(choice.finish_reason)) return false;
  const delta = choice.delta;
  return (
    isJsonObject(delta) &&
    isOptionalString(delta.role) &&
    isOptionalString(delta.content) &&
    isOptionalString(delta.refusal) &&
    isOptionalString(delta.reasoning_content) &&
    isNullish(delta.tool_calls)
  );
}
