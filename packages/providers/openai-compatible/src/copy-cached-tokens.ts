import type { ChatCompletionUsage } from '@llmux/core';

/**
 * Usage with `prompt_tokens_details.cached_tokens` filled from a vendor field (DeepSeek's
 * `prompt_cache_hit_tokens`) when the upstream did not set it; the same object otherwise.
 */
export function copyCachedTokens<T extends { usage?: ChatCompletionUsage | null | undefined }>(
  value: T,
  field: string,
): T {
  const usage = value.usage as (ChatCompletionUsage & Record<string, unknown>) | null | undefined;
  const cached = usage?.[field];
  if (!usage || typeof cached !== 'number' || usage.prompt_tokens_details?.cached_tokens != null) {
    return value;
  }
  return {
    ...value,
    usage: {
      ...usage,
      prompt_tokens_details: { ...usage.prompt_tokens_details, cached_tokens: cached },
    },
  };
}
