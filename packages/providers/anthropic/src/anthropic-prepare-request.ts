import { BadRequestError, type ChatCompletionRequest, lookupModelPrice } from '@llmux/core';
import { prepareAnthropicTools } from './anthropic-prepare-tools.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

/** Used when the price table does not know the model's output limit. */
export const fallbackMaxTokens = 4096;

/** `reasoning_effort` as a thinking budget (LiteLLM's values). */
const thinkingBudgetForEffort: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 2048,
  high: 4096,
};

/** OpenAI fields consumed below; everything else in the request is sent to Anthropic as is. */
const consumedFields = new Set([
  'model',
  'messages',
  'stream',
  'stop',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'user',
  'metadata',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
  'thinking',
  'n',
  'logprobs',
  'service_tier',
  // OpenAI-only settings with no effect on the answer: dropped quietly.
  'stream_options',
  'store',
  'prompt_cache_key',
  'verbosity',
]);

/** OpenAI parameters Anthropic has no counterpart for. */
const unsupportedFields = [
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'top_logprobs',
  'modalities',
  'audio',
  'prediction',
  'functions',
  'function_call',
  'web_search_options',
] as const;

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function unsupportedParams(request: ChatCompletionRequest): string[] {
  const found: string[] = unsupportedFields.filter(name => isSet(request[name]));
  if (isSet(request.n) && request.n !== 1) found.push('n');
  if (request.logprobs === true) found.push('logprobs');
  return found;
}

function thinkingFor(
  request: ChatCompletionRequest,
  context: { llmProvider: string; model: string },
): unknown {
  if (isSet(request.thinking)) return request.thinking;
  const effort = request.reasoning_effort;
  if (!isSet(effort) || effort === 'none') return undefined;
  const budget = thinkingBudgetForEffort[effort ?? ''];
  if (budget === undefined) {
    throw new BadRequestError({
      message: `Unsupported reasoning_effort '${effort}' for Anthropic: use minimal, low, medium, high or none, or pass thinking.`,
      param: 'reasoning_effort',
      llmProvider: context.llmProvider,
      model: context.model,
    });
  }
  return { type: 'enabled', budget_tokens: budget };
}

function isThinkingEnabled(thinking: unknown): boolean {
  if (typeof thinking !== 'object' || thinking === null) return false;
  const type = (thinking as { type?: unknown }).type;
  return type !== 'disabled';
}

function metadataFor(request: ChatCompletionRequest): { user_id: string } | undefined {
  const metadataUser = request.metadata?.user_id;
  const userId = request.user ?? (typeof metadataUser === 'string' ? metadataUser : undefined);
  return userId ? { user_id: userId } : undefined;
}

/**
 * The Anthropic Messages body for an OpenAI request. Unsupported OpenAI parameters fail
 * with a `BadRequestError` naming them, or are dropped (with a warning) under `dropParams`.
 */
export function prepareAnthropicRequest(
  request: ChatCompletionRequest,
  options: { modelId: string; llmProvider: string; stream: boolean; dropParams: boolean },
): { body: Record<string, unknown>; jsonToolName: string | undefined; warnings: string[] } {
  const context = { llmProvider: options.llmProvider, model: options.modelId };
  const warnings: string[] = [];
  const unsupported = unsupportedParams(request);
  if (unsupported.length > 0 && !options.dropParams) {
    const [first = ''] = unsupported;
    throw new BadRequestError({
      message: `anthropic does not support parameters: ${unsupported.join(', ')}, for model=${options.modelId}. To drop these, set drop_params=True (litellm.drop_params = True).`,
      param: first,
      llmProvider: options.llmProvider,
      model: options.modelId,
    });
  }
  for (const name of unsupported) warnings.push(`Dropped '${name}': not supported by Anthropic.`);

  const { system, messages } = convertToAnthropicMessages(request.messages, context);
  const thinking = thinkingFor(request, context);
  const { tools, toolChoice, jsonToolName } = prepareAnthropicTools(request, {
    thinkingEnabled: isThinkingEnabled(thinking),
  });
  const stop = request.stop;
  const serviceTier = request.service_tier;

  const body: Record<string, unknown> = {
    model: options.modelId,
    max_tokens:
      request.max_completion_tokens ??
      request.max_tokens ??
      lookupModelPrice(options.modelId, 'anthropic')?.maxOutputTokens ??
      fallbackMaxTokens,
    system,
    messages,
    temperature: request.temperature ?? undefined,
    top_p: request.top_p ?? undefined,
    stop_sequences: isSet(stop) ? (typeof stop === 'string' ? [stop] : stop) : undefined,
    metadata: metadataFor(request),
    tools,
    tool_choice: toolChoice,
    thinking,
    // OpenAI's tiers (`default`, `flex` …) mean nothing to Anthropic.
    service_tier:
      serviceTier === 'auto' || serviceTier === 'standard_only' ? serviceTier : undefined,
    stream: options.stream,
  };
  for (const [name, value] of Object.entries(request)) {
    if (!consumedFields.has(name) && !unsupportedFields.includes(name as never)) {
      body[name] = value;
    }
  }
  return { body, jsonToolName, warnings };
}
