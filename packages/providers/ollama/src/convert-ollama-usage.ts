import { type ChatCompletionUsage, emptyUsage, type UsageV1 } from '@llmux/core';

/** `prompt_eval_count` / `eval_count` → usage; a missing counter is 0 (Ollama omits zeros). */
export function convertOllamaUsage(counts: {
  prompt_eval_count?: number | null | undefined;
  eval_count?: number | null | undefined;
}): UsageV1 {
  const promptTokens = counts.prompt_eval_count ?? 0;
  const completionTokens = counts.eval_count ?? 0;
  return {
    ...emptyUsage,
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
  };
}

export function toOpenAIUsage(usage: UsageV1): ChatCompletionUsage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
  };
}
