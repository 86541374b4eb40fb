import type { ChatCompletion, ChatCompletionMessageToolCall, UsageV1 } from '@llmux/core';
import type { AnthropicMessage } from './anthropic-api.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/**
 * An Anthropic message as an OpenAI chat completion: text blocks joined into `content`,
 * `tool_use` blocks as `tool_calls` (input serialised), thinking as `reasoning_content`
 * plus LiteLLM's `thinking_blocks` (with signatures, to send back on the next turn).
 */
export function convertAnthropicResponse(
  message: AnthropicMessage,
  options: { jsonToolName: string | undefined },
): { completion: ChatCompletion; usage: UsageV1 } {
  let text = '';
  let reasoning = '';
  const toolCalls: ChatCompletionMessageToolCall[] = [];
  const thinkingBlocks: Array<Record<string, unknown>> = [];
  for (const block of message.content) {
    switch (block.type) {
      case 'text':
        text += block.text ?? '';
        break;
      case 'tool_use':
        if (block.name === options.jsonToolName) {
          text += JSON.stringify(block.input ?? {});
        } else {
          toolCalls.push({
            id: block.id ?? '',
            type: 'function',
            function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) },
          });
        }
        break;
      case 'thinking':
        reasoning += block.thinking ?? '';
        thinkingBlocks.push({
          type: 'thinking',
          thinking: block.thinking ?? '',
          signature: block.signature ?? '',
        });
        break;
      case 'redacted_thinking':
        thinkingBlocks.push({ type: 'redacted_thinking', data: block.data ?? '' });
        break;
    }
  }

  const { usage, openAIUsage } = convertAnthropicUsage(message.usage);
  const hasToolCalls = toolCalls.length > 0;
  const completion: ChatCompletion = {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && hasToolCalls ? null : text,
          ...(hasToolCalls ? { tool_calls: toolCalls } : {}),
          ...(thinkingBlocks.length > 0
            ? { reasoning_content: reasoning, thinking_blocks: thinkingBlocks }
            : {}),
        },
        finish_reason: mapAnthropicStopReason(message.stop_reason, { hasToolCalls }),
      },
    ],
    usage: openAIUsage,
  };
  return { completion, usage };
}
