import type { ChatCompletionRequest } from '@llmux/core';
import type { AnthropicRequestTool, AnthropicToolChoice } from './anthropic-request-types.js';

/** The tool a `response_format` is forced through; its input is the JSON answer. */
export const jsonResponseToolName = 'json_tool_call';

function jsonResponseTool(
  responseFormat: ChatCompletionRequest['response_format'],
): AnthropicRequestTool | undefined {
  if (responseFormat?.type === 'json_schema') {
    const { description, schema } = responseFormat.json_schema;
    return {
      name: jsonResponseToolName,
      description: description ?? 'Respond with a JSON object that matches the input schema.',
      input_schema: schema ?? { type: 'object' },
    };
  }
  if (responseFormat?.type === 'json_object') {
    return {
      name: jsonResponseToolName,
      description: 'Respond with a JSON object.',
      input_schema: { type: 'object', additionalProperties: true },
    };
  }
  return undefined;
}

function mapToolChoice(
  toolChoice: ChatCompletionRequest['tool_choice'],
): AnthropicToolChoice | undefined {
  if (toolChoice === null || toolChoice === undefined) return undefined;
  if (toolChoice === 'auto') return { type: 'auto' };
  if (toolChoice === 'required') return { type: 'any' };
  if (toolChoice === 'none') return { type: 'none' };
  return { type: 'tool', name: toolChoice.function.name };
}

/**
 * OpenAI `tools`, `tool_choice`, `parallel_tool_calls` and `response_format` as Anthropic's
 * `tools` and `tool_choice`. A JSON `response_format` becomes a tool the model is made to
 * call (forced unless the request has tools of its own or thinking is on, which Anthropic
 * does not allow with a forced tool).
 */
export function prepareAnthropicTools(
  request: ChatCompletionRequest,
  options: { thinkingEnabled: boolean },
): {
  tools: AnthropicRequestTool[] | undefined;
  toolChoice: AnthropicToolChoice | undefined;
  jsonToolName: string | undefined;
} {
  const tools: AnthropicRequestTool[] = (request.tools ?? []).map(tool => {
    const cacheControl =
      (tool as { cache_control?: unknown }).cache_control ??
      (tool.function as { cache_control?: unknown }).cache_control;
    return {
      name: tool.function.name,
      ...(tool.function.description === undefined
        ? {}
        : { description: tool.function.description }),
      input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
      ...(cacheControl === undefined || cacheControl === null
        ? {}
        : { cache_control: cacheControl }),
    };
  });
  let toolChoice = mapToolChoice(request.tool_choice);

  const jsonTool = jsonResponseTool(request.response_format);
  if (jsonTool) {
    const hadTools = tools.length > 0;
    tools.push(jsonTool);
    if (toolChoice === undefined) {
      if (options.thinkingEnabled) toolChoice = { type: 'auto' };
      else toolChoice = hadTools ? { type: 'any' } : { type: 'tool', name: jsonTool.name };
    }
  }

  if (tools.length === 0)
    return { tools: undefined, toolChoice: undefined, jsonToolName: undefined };
  if (request.parallel_tool_calls === false && toolChoice?.type !== 'none') {
    toolChoice = { ...(toolChoice ?? { type: 'auto' }), disable_parallel_tool_use: true };
  }
  return { tools, toolChoice, jsonToolName: jsonTool?.name };
}
