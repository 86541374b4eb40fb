import type { ChatCompletion, ChatCompletionChunk, ChatCompletionUsage } from '@llmux/core';

type Loose = Record<string, unknown>;

/** Groq's `reasoning` field under the name OpenAI-format clients read (LiteLLM's `reasoning_content`). */
function withReasoningContent<T extends Loose>(value: T): T {
  if (typeof value.reasoning !== 'string' || value.reasoning_content != null) return value;
  const { reasoning, ...rest } = value;
  return { ...rest, reasoning_content: reasoning } as unknown as T;
}

export function normalizeGroqCompletion(completion: ChatCompletion): ChatCompletion {
  let changed = false;
  const choices = completion.choices.map(choice => {
    const message = withReasoningContent(choice.message as Loose);
    if (message === (choice.message as Loose)) return choice;
    changed = true;
    return { ...choice, message: message as typeof choice.message };
  });
  return changed ? { ...completion, choices } : completion;
}

/**
 * Usage moved from `x_groq.usage` to `usage` when only the former is set (Groq's older
 * streams), and `delta.reasoning` renamed to `reasoning_content`. Untouched chunks are
 * returned as they are, so they keep their exact wire text.
 */
export function normalizeGroqChunk(chunk: ChatCompletionChunk): ChatCompletionChunk {
  let result = chunk;
  const xGroqUsage = ((chunk as Loose).x_groq as { usage?: ChatCompletionUsage } | undefined)
    ?.usage;
  if (!chunk.usage && xGroqUsage && typeof xGroqUsage.prompt_tokens === 'number') {
    result = { ...result, usage: xGroqUsage };
  }
  let changed = false;
  const choices = result.choices.map(choice => {
    const delta = withReasoningContent(choice.delta as Loose);
    if (delta === (choice.delta as Loose)) return choice;
    changed = true;
    return { ...choice, delta: delta as typeof choice.delta };
  });
  return changed ? { ...result, choices } : result;
}
