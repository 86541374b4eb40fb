import type { ChatCompletionFinishReason } from '@llmux/core';

/**
 * Anthropic's `stop_reason` as an OpenAI `finish_reason`. A forced JSON tool (used for
 * `response_format`) is the answer itself, so its `tool_use` stop reads as `stop`.
 */
export function mapAnthropicStopReason(
  stopReason: string | null | undefined,
  options: { hasToolCalls: boolean },
): ChatCompletionFinishReason | null {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'tool_use':
      return options.hasToolCalls ? 'tool_calls' : 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content_filter';
    case null:
    case undefined:
      return null;
    default:
      return 'stop';
  }
}
