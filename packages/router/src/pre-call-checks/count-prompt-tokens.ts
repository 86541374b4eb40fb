import type { ChatCompletionMessage } from '@llmux/core';

type EncodingName = 'o200k_base' | 'cl100k_base';

interface Encoding {
  countTokens(text: string, options: { disallowedSpecial: Set<string> }): number;
}

// OpenAI's count for chat messages (cookbook "How to count tokens with tiktoken").
const tokensPerMessage = 3;
const tokensPerName = 1;
const tokensForReplyPriming = 3;
// OpenAI bills an image at 85 tokens (`detail: low`) or 85 + 170 per 512 px tile; without
// fetching the image its size is unknown, so a 1024 × 1024 image (4 tiles) is assumed.
const lowDetailImageTokens = 85;
const defaultImageTokens = 85 + 170 * 4;

const o200kModel = /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o\d)/;

/** The tiktoken encoding OpenAI uses for a model: o200k_base for the 4o/4.1/5/o-series family. */
export function encodingForModel(modelId: string): EncodingName {
  const name = modelId.slice(modelId.lastIndexOf('/') + 1).toLowerCase();
  return o200kModel.test(name) ? 'o200k_base' : 'cl100k_base';
}

const encodings = new Map<EncodingName, Promise<Encoding>>();

// Loaded on first use only: the tables are megabytes, and routers without pre-call checks
// never need them.
function loadEncoding(name: EncodingName): Promise<Encoding> {
  let encoding = encodings.get(name);
  if (!encoding) {
    encoding =
      name === 'o200k_base'
        ? import('gpt-tokenizer/encoding/o200k_base')
        : import('gpt-tokenizer/encoding/cl100k_base');
    encoding.catch(() => encodings.delete(name));
    encodings.set(name, encoding);
  }
  return encoding;
}

function contentTexts(content: unknown, images: { tokens: number }): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const part of content as unknown[]) {
    if (typeof part !== 'object' || part === null) continue;
    const { type, text, image_url: imageUrl } = part as Record<string, unknown>;
    if (type === 'text' && typeof text === 'string') texts.push(text);
    else if (type === 'image_url') {
      const detail = (imageUrl as { detail?: unknown } | undefined)?.detail;
      images.tokens += detail === 'low' ? lowDetailImageTokens : defaultImageTokens;
    }
  }
  return texts;
}

function toolCallTexts(toolCalls: unknown): string[] {
  if (!Array.isArray(toolCalls)) return [];
  return (toolCalls as unknown[]).flatMap(call => {
    const fn = (call as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
    return [fn?.name, fn?.arguments].filter((text): text is string => typeof text === 'string');
  });
}

/**
 * Prompt tokens of `messages` for `modelId` (`gpt-4o`, `openai/gpt-4o`, …), counted with
 * gpt-tokenizer and OpenAI's per-message overhead (3 per message, 1 per `name`, 3 to prime
 * the reply). An estimate for other providers' models and for images; special-token text
 * such as `<|endoftext|>` in a message counts as plain text.
 *
 * @example
 * await countPromptTokens([{ role: 'user', content: 'Hello world' }], 'gpt-4o'); // 9
 */
export async function countPromptTokens(
  messages: readonly ChatCompletionMessage[],
  modelId: string,
): Promise<number> {
  const encoding = await loadEncoding(encodingForModel(modelId));
  const options = { disallowedSpecial: new Set<string>() };
  const count = (text: string) => (text === '' ? 0 : encoding.countTokens(text, options));
  const images = { tokens: 0 };
  let total = tokensForReplyPriming;
  for (const message of messages) {
    const fields = message as Record<string, unknown>;
    total += tokensPerMessage + count(message.role);
    for (const text of contentTexts(fields.content, images)) total += count(text);
    for (const text of toolCallTexts(fields.tool_calls)) total += count(text);
    if (typeof fields.tool_call_id === 'string') total += count(fields.tool_call_id);
    if (typeof fields.name === 'string') total += tokensPerName + count(fields.name);
  }
  return total + images.tokens;
}
