import type { z } from 'zod';
import { type ChatCompletion, chatCompletionSchema } from './chat-completion-response.js';
import {
  hasCompletionEnvelope,
  isEveryChoice,
  isJsonObject,
  isNullish,
  isOptionalNumber,
  isOptionalString,
  type JsonFields,
} from './json-field-checks.js';

type CompletionParseResult =
  | { success: true; data: ChatCompletion }
  | { success: false; error: z.ZodError };

/**
 * Validates a chat completion (a `JSON.parse` result the caller owns) against
 * `chatCompletionSchema`. As with `parseChatCompletionChunk`, the common answer (text, no
 * tool calls) is recognised by the checks below and returned as it is, without the schema's
 * field-by-field copy; anything else goes through `schema`, which has the last word and the
 * error messages. `schema` must accept every completion `chatCompletionSchema` accepts and
 * return it unchanged (e.g. one that first fills a field some servers leave out).
 */
export function parseChatCompletion(
  value: unknown,
  schema: z.ZodType<ChatCompletion> = chatCompletionSchema,
): CompletionParseResult {
  if (isPlainCompletion(value)) return { success: true, data: value };
  return schema.safeParse(value);
}

/** A subset of the schema: everything it accepts, nothing it would refuse. */
function isPlainCompletion(value: unknown): value is ChatCompletion {
  if (!isJsonObject(value)) return false;
  if (
    !hasCompletionEnvelope(value) ||
    value.object !== 'chat.completion' ||
    !isOptionalString(value.service_tier) ||
    !(isNullish(value.usage) || isPlainUsage(value.usage))
  ) {
    return false;
  }
  return isEveryChoice(value.choices, isPlainChoice);
}

function isPlainChoice(choice: JsonFields): boolean {
  if (!(choice.finish_reason === null || typeof choice.finish_reason === 'string')) return false;
  const message = choice.message;
  return (
    isJsonObject(message) &&
    message.role === 'assistant' &&
    (message.content === null || typeof message.content === 'string') &&
    isOptionalString(message.refusal) &&
    isOptionalString(message.reasoning_content) &&
    isNullish(message.tool_calls)
  );
}

function isPlainUsage(usage: unknown): boolean {
  return (
    isJsonObject(usage) &&
    Number.isFinite(usage.prompt_tokens) &&
    Number.isFinite(usage.completion_tokens) &&
    Number.isFinite(usage.total_tokens) &&
    hasOptionalNumbers(usage.prompt_tokens_details, 'cached_tokens', 'audio_tokens') &&
    hasOptionalNumbers(usage.completion_tokens_details, 'reasoning_tokens', 'audio_tokens')
  );
}

/** Nullish, or an object whose `first` and `second` are nullish numbers. */
function hasOptionalNumbers(details: unknown, first: string, second: string): boolean {
  if (isNullish(details)) return true;
  if (!isJsonObject(details)) return false;
  const fields: JsonFields = details;
  return isOptionalNumber(fields[first]) && isOptionalNumber(fields[second]);
}
