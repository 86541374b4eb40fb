import type { ChatCompletionRequest } from '@llmux/core';
import { type UnsupportedParamContext, unsupportedParam } from './ollama-unsupported-param.js';

/**
 * `tools` go to Ollama in OpenAI's function form. Ollama has no `tool_choice`: `auto` is
 * what it does anyway, `none` is honoured by sending no tools, and `required` or a named
 * function cannot be enforced.
 */
export function prepareOllamaTools(
  request: Pick<ChatCompletionRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'>,
  context: UnsupportedParamContext,
): unknown[] | undefined {
  const tools = request.tools ?? [];
  const toolChoice = request.tool_choice;
  if (request.parallel_tool_calls === false && tools.length > 0) {
    unsupportedParam(
      'parallel_tool_calls',
      'Ollama cannot be told to call one tool at a time.',
      context,
    );
  }
  if (toolChoice === 'none') return undefined;
  if (toolChoice === 'required' || (typeof toolChoice === 'object' && toolChoice !== null)) {
    unsupportedParam(
      'tool_choice',
      "Ollama cannot force a tool call; only 'auto' and 'none' are supported.",
      context,
    );
  }
  if (tools.length === 0) return undefined;
  return tools.map(tool => ({
    type: 'function',
    function: {
      name: tool.function.name,
      ...(tool.function.description !== undefined && { description: tool.function.description }),
      parameters: tool.function.parameters ?? { type: 'object', properties: {} },
    },
  }));
}
