import { BadRequestError, type ChatCompletionRequest } from '@llmux/core';
import type { UnsupportedParameter } from './openai-compatible-config.js';

/**
 * LiteLLM's drop_params rule: a set parameter the provider does not support fails with a
 * BadRequestError naming it, or is removed from the body when `dropParams` is true.
 */
export function applyUnsupportedParameters({
  body,
  request,
  unsupported,
  dropParams,
  llmProvider,
  model,
}: {
  body: Record<string, unknown>;
  request: ChatCompletionRequest;
  unsupported: readonly UnsupportedParameter[];
  dropParams: boolean | undefined;
  llmProvider: string;
  model: string;
}): Record<string, unknown> {
  let result = { ...body };
  for (const entry of unsupported) {
    const { name, when, reason, read, drop } = typeof entry === 'string' ? { name: entry } : entry;
    const value = read ? read(result) : result[name];
    if (value === undefined || value === null) continue;
    if (when && !when(value, request)) continue;
    if (dropParams) {
      if (drop) result = drop(result);
      else delete result[name];
      continue;
    }
    throw new BadRequestError({
      message: `${llmProvider} does not support parameter '${name}'${reason ? ` (${reason})` : ''}. Pass drop_params: true to drop it.`,
      llmProvider,
      model,
      type: 'invalid_request_error',
      param: name,
      providerCode: 'unsupported_parameter',
      isRetryable: false,
    });
  }
  return result;
}
