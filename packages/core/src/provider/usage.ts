import type { ChatCompletionUsage } from '../openai/chat-completion-response.js';

/**
 * Token counts normalised across providers. `promptTokens` includes cached-read and
 * cache-write tokens (OpenAI's convention); `completionTokens` includes reasoning tokens.
 */
export interface UsageV1 {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cachedReadTokens: number;
  cacheWriteTokens: number;
  /** The part of `cacheWriteTokens` written to a 1-hour cache (Anthropic's `ttl: "1h"`). */
  cacheWrite1hTokens?: number | undefined;
  reasoningTokens: number;
}

export const emptyUsage: Readonly<UsageV1> = Object.freeze({
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
  cachedReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});

/** Reads OpenAI's `usage` object (also what OpenAI-compatible servers send). */
export function usageFromOpenAI(usage: ChatCompletionUsage | null | undefined): UsageV1 {
  if (!usage) return { ...emptyUsage };
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  return {
    promptTokens,
    completionTokens,
    totalTokens: usage.total_tokens ?? promptTokens + completionTokens,
    cachedReadTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
