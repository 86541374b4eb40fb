import type { ChatCompletionRequest } from '@llmux/core';
import { convertToOllamaMessages } from './convert-to-ollama-messages.js';
import type { OllamaChatRequest } from './ollama-api.js';
import { prepareOllamaTools } from './ollama-prepare-tools.js';
import { type UnsupportedParamContext, unsupportedParam } from './ollama-unsupported-param.js';

// Ollama runtime options a caller may pass at the top level (LiteLLM forwards them the same way).
const ollamaOptionNames = [
  'top_k',
  'min_p',
  'typical_p',
  'repeat_penalty',
  'repeat_last_n',
  'num_ctx',
  'num_keep',
  'num_batch',
  'num_gpu',
  'main_gpu',
  'num_thread',
  'use_mmap',
  'mirostat',
  'mirostat_eta',
  'mirostat_tau',
  'tfs_z',
  'num_gqa',
] as const;

// Top-level `/api/chat` fields passed through as given.
const ollamaPassThroughNames = ['keep_alive', 'truncate', 'shift'] as const;

// OpenAI parameters with no Ollama counterpart that change the answer.
const unsupportedOpenAIParams: Record<string, string> = {
  logit_bias: 'Ollama has no token bias.',
  prediction: 'Ollama has no predicted outputs.',
  audio: 'Ollama does not produce audio.',
  modalities: 'Ollama produces text only.',
  web_search_options: 'Ollama has no built-in web search.',
  functions: "Use 'tools'; the legacy functions API is not translated.",
  function_call: "Use 'tool_choice'; the legacy functions API is not translated.",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAI `reasoning_effort` → Ollama `think` (a level, or `false` for none). */
function thinkFor(effort: string, context: UnsupportedParamContext): boolean | string | undefined {
  switch (effort) {
    case 'none':
      return false;
    case 'minimal':
      return 'low';
    case 'low':
    case 'medium':
    case 'high':
      return effort;
    case 'xhigh':
    case 'max':
      return 'max';
    default:
      unsupportedParam(
        'reasoning_effort',
        `'${effort}' is not a level Ollama knows (none, minimal, low, medium, high, xhigh).`,
        context,
      );
      return undefined;
  }
}

function formatFor(
  responseFormat: ChatCompletionRequest['response_format'],
): OllamaChatRequest['format'] | undefined {
  switch (responseFormat?.type) {
    case 'json_object':
      return 'json';
    case 'json_schema': {
      const schema = (responseFormat as { json_schema?: { schema?: unknown } }).json_schema?.schema;
      return isRecord(schema) ? schema : 'json';
    }
    default:
      return undefined;
  }
}

/** The `/api/chat` body for an OpenAI chat request. */
export function convertToOllamaChatRequest(
  request: ChatCompletionRequest,
  {
    stream,
    modelId,
    context,
  }: { stream: boolean; modelId: string; context: UnsupportedParamContext },
): OllamaChatRequest {
  const raw = request as Record<string, unknown>;
  for (const [param, reason] of Object.entries(unsupportedOpenAIParams)) {
    if (raw[param] !== undefined && raw[param] !== null) unsupportedParam(param, reason, context);
  }
  if (typeof request.n === 'number' && request.n > 1) {
    unsupportedParam('n', 'Ollama returns one choice per request.', context);
  }

  const options: Record<string, unknown> = isRecord(raw.options) ? { ...raw.options } : {};
  for (const name of ollamaOptionNames) {
    if (raw[name] !== undefined && raw[name] !== null) options[name] = raw[name];
  }
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.top_p = request.top_p;
  if (request.seed != null) options.seed = request.seed;
  if (request.presence_penalty != null) options.presence_penalty = request.presence_penalty;
  if (request.frequency_penalty != null) options.frequency_penalty = request.frequency_penalty;
  if (request.stop != null) {
    options.stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
  }
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) options.num_predict = maxTokens;

  const body: OllamaChatRequest = {
    model: modelId,
    messages: convertToOllamaMessages(request.messages, context),
    stream,
  };
  const tools = prepareOllamaTools(request, context);
  if (tools) body.tools = tools;
  const format = isRecord(raw.format) || raw.format === 'json' ? raw.format : undefined;
  const mappedFormat = formatFor(request.response_format) ?? format;
  if (mappedFormat !== undefined) body.format = mappedFormat as OllamaChatRequest['format'];
  if (Object.keys(options).length > 0) body.options = options;

  if (typeof raw.think === 'boolean' || typeof raw.think === 'string') body.think = raw.think;
  else if (request.reasoning_effort != null) {
    const think = thinkFor(request.reasoning_effort, context);
    if (think !== undefined) body.think = think;
  }
  if (request.logprobs) {
    body.logprobs = true;
    if (request.top_logprobs != null) body.top_logprobs = request.top_logprobs;
  }
  for (const name of ollamaPassThroughNames) {
    if (raw[name] !== undefined && raw[name] !== null) body[name] = raw[name];
  }
  return body;
}
