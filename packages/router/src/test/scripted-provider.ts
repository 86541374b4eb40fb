import {
  type APIError,
  type ChatCompletionRequest,
  type ChatStreamPartV1,
  errorClassForStatus,
  type ProviderV1,
  registerProvider,
  type UsageV1,
} from '@llmux/core';

/**
 * One scripted answer: text (the default), or an upstream error with a status. A stream with
 * `breakWith` sends its first chunk, then that error as a part (a stream cut mid-way).
 */
export type ScriptStep =
  | { text: string; promptTokens?: number; completionTokens?: number; breakWith?: APIError }
  | { status: number; headers?: Record<string, string>; message?: string }
  | { error: APIError };

/**
 * A fake provider (`scripted/<name>`) whose answers come from a per-model script, for
 * router tests without HTTP. A model with an empty script answers `from <name>`.
 */
export interface ScriptedProvider {
  /** Model names called, in order (`a`, `b` … for `scripted/a`, `scripted/b`). */
  calls: string[];
  /** Queues answers for a model; when the queue is empty `fallback` (if set) repeats. */
  script(model: string, steps: ScriptStep[], fallback?: ScriptStep): void;
  reset(): void;
}

function usage(promptTokens: number, completionTokens: number): UsageV1 {
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
}

export function createScriptedProvider(prefix = 'scripted'): ScriptedProvider {
  const queues = new Map<string, ScriptStep[]>();
  const fallbacks = new Map<string, ScriptStep>();
  const calls: string[] = [];
  const next = (model: string): ScriptStep => {
    calls.push(model);
    return queues.get(model)?.shift() ?? fallbacks.get(model) ?? { text: `from ${model}` };
  };
  const answer = (model: string, request: ChatCompletionRequest) => {
    const step = next(model);
    if ('error' in step) throw step.error;
    if ('status' in step) {
      const ErrorClass = errorClassForStatus(step.status);
      throw new ErrorClass({
        message: step.message ?? `scripted ${step.status}`,
        status: step.status,
        headers: step.headers,
        llmProvider: prefix,
        model,
      });
    }
    return {
      text: step.text,
      usage: usage(step.promptTokens ?? 10, step.completionTokens ?? 5),
      request,
      breakWith: step.breakWith,
    };
  };
  const provider: ProviderV1 = {
    specificationVersion: 'v1',
    provider: prefix,
    chatModel: modelId => ({
      specificationVersion: 'v1',
      provider: prefix,
      modelId,
      async doGenerate(request) {
        const { text, usage: used } = answer(modelId, request);
        return {
          response: {
            id: 'chatcmpl-scripted',
            object: 'chat.completion',
            created: 0,
            model: modelId,
            choices: [
              { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' },
            ],
            usage: {
              prompt_tokens: used.promptTokens,
              completion_tokens: used.completionTokens,
              total_tokens: used.totalTokens,
            },
          },
          usage: used,
          rawResponse: { status: 200, headers: {}, url: 'scripted://' },
          warnings: [],
        };
      },
      async doStream(request) {
        const { text, usage: used, breakWith } = answer(modelId, request);
        const base = {
          id: 'chatcmpl-scripted',
          object: 'chat.completion.chunk' as const,
          created: 0,
          model: modelId,
        };
        const parts: ChatStreamPartV1[] = [
          {
            type: 'chunk',
            chunk: {
              ...base,
              choices: [
                { index: 0, delta: { role: 'assistant', content: text }, finish_reason: null },
              ],
            },
          },
          {
            type: 'chunk',
            chunk: { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
          },
          { type: 'usage', usage: used },
        ];
        if (breakWith) parts.splice(1, parts.length - 1, { type: 'error', error: breakWith });
        return {
          stream: new ReadableStream<ChatStreamPartV1>({
            start(controller) {
              for (const part of parts) controller.enqueue(part);
              controller.close();
            },
          }),
          rawResponse: { status: 200, headers: {}, url: 'scripted://' },
        };
      },
    }),
  };
  registerProvider(provider, { prefix });
  return {
    calls,
    script(model, steps, fallback) {
      queues.set(model, [...steps]);
      if (fallback) fallbacks.set(model, fallback);
      else fallbacks.delete(model);
    },
    reset() {
      calls.length = 0;
      queues.clear();
      fallbacks.clear();
    },
  };
}
