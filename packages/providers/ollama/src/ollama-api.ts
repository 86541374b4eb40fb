import { z } from 'zod';

// Minimal shapes of what /api/chat and /api/embed send back; `.nullish()` everywhere so a
// new or missing field never breaks a call.

const ollamaToolCallSchema = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({
    index: z.number().nullish(),
    name: z.string(),
    // An object on the wire; older or proxied servers may send a JSON string.
    arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
  }),
});

const ollamaTokenLogprobSchema = z.looseObject({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number()).nullish(),
});

export const ollamaLogprobSchema = z.looseObject({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number()).nullish(),
  top_logprobs: z.array(ollamaTokenLogprobSchema).nullish(),
});

/** One `/api/chat` object: the whole answer, or one NDJSON line of a stream. */
export const ollamaChatResponseSchema = z.looseObject({
  model: z.string().nullish(),
  created_at: z.string().nullish(),
  message: z
    .looseObject({
      role: z.string().nullish(),
      content: z.string().nullish(),
      thinking: z.string().nullish(),
      tool_calls: z.array(ollamaToolCallSchema).nullish(),
    })
    .nullish(),
  done: z.boolean().nullish(),
  done_reason: z.string().nullish(),
  // Both counters are `omitempty` upstream: a 0 arrives as a missing field.
  prompt_eval_count: z.number().nullish(),
  eval_count: z.number().nullish(),
  logprobs: z.array(ollamaLogprobSchema).nullish(),
});

export const ollamaEmbedResponseSchema = z.looseObject({
  model: z.string().nullish(),
  embeddings: z.array(z.array(z.number())),
  prompt_eval_count: z.number().nullish(),
});

export type OllamaChatResponse = z.infer<typeof ollamaChatResponseSchema>;
export type OllamaToolCall = z.infer<typeof ollamaToolCallSchema>;
export type OllamaLogprob = z.infer<typeof ollamaLogprobSchema>;

/** What `/api/chat` takes (only the fields llmux sends). */
export interface OllamaMessage {
  role: string;
  content: string;
  images?: string[];
  thinking?: string;
  tool_calls?: Array<{
    id?: string;
    function: { name: string; arguments: Record<string, unknown> };
  }>;
  tool_name?: string;
  tool_call_id?: string;
}

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  tools?: unknown[];
  format?: 'json' | Record<string, unknown>;
  options?: Record<string, unknown>;
  think?: boolean | string;
  keep_alive?: unknown;
  logprobs?: boolean;
  top_logprobs?: number;
  [key: string]: unknown;
}
