import type { ChatCompletion } from '@llmux/core';
import { convertOllamaLogprobs } from './convert-ollama-logprobs.js';
import { convertOllamaToolCalls } from './convert-ollama-tool-calls.js';
import { convertOllamaUsage, toOpenAIUsage } from './convert-ollama-usage.js';
import { mapOllamaDoneReason } from './map-ollama-done-reason.js';
import type { OllamaChatResponse } from './ollama-api.js';
import { ollamaCreatedAt } from './ollama-created-at.js';

/** A complete `/api/chat` answer (`stream: false`) as an OpenAI chat completion. */
export function convertOllamaChatResponse(
  response: OllamaChatResponse,
  { id, modelId }: { id: string; modelId: string },
): ChatCompletion {
  const toolCalls = convertOllamaToolCalls(response.message?.tool_calls ?? []);
  const content = response.message?.content ?? '';
  const thinking = response.message?.thinking;
  const logprobs = convertOllamaLogprobs(response.logprobs);
  return {
    id,
    object: 'chat.completion',
    created: ollamaCreatedAt(response.created_at),
    model: response.model || modelId,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          // OpenAI sends null content beside tool calls; Ollama sends ''.
          content: content === '' && toolCalls.length > 0 ? null : content,
          ...(thinking ? { reasoning_content: thinking } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: mapOllamaDoneReason(response.done_reason, toolCalls.length > 0),
        logprobs: logprobs ?? null,
      },
    ],
    usage: toOpenAIUsage(convertOllamaUsage(response)),
  };
}
