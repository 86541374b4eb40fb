import type { ChatCompletionFinishReason } from '@llmux/core';

/**
 * Ollama's `done_reason` → OpenAI's `finish_reason`. Ollama says `stop` after tool calls
 * too, so the caller tells us whether any were made. `load`/`unload` (a request that only
 * (un)loaded the model) and a missing reason (older servers) read as `stop`.
 */
export function mapOllamaDoneReason(
  doneReason: string | null | undefined,
  hasToolCalls: boolean,
): ChatCompletionFinishReason {
  if (doneReason === 'length') return 'length';
  return hasToolCalls ? 'tool_calls' : 'stop';
}
