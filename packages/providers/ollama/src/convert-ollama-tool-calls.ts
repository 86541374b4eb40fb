import type { ChatCompletion } from '@llmux/core';
import type { OllamaToolCall } from './ollama-api.js';

export type OpenAIToolCall = NonNullable<
  ChatCompletion['choices'][number]['message']['tool_calls']
>[number];

/**
 * Ollama tool calls → OpenAI's: arguments (an object) become a JSON string; a call without
 * an id (servers before ids existed) gets `call_<n>`, `n` counting calls in the response.
 */
export function convertOllamaToolCalls(
  toolCalls: ReadonlyArray<OllamaToolCall>,
  firstIndex = 0,
): OpenAIToolCall[] {
  return toolCalls.map((call, offset) => {
    const args = call.function.arguments;
    return {
      id: call.id || `call_${firstIndex + offset}`,
      type: 'function',
      function: {
        name: call.function.name,
        arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      },
    };
  });
}
