import { z } from 'zod';

const usageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  prompt_tokens_details: z
    .looseObject({ cached_tokens: z.number().nullish(), audio_tokens: z.number().nullish() })
    .nullish(),
  completion_tokens_details: z
    .looseObject({ reasoning_tokens: z.number().nullish(), audio_tokens: z.number().nullish() })
    .nullish(),
});

const responseToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

export const chatCompletionSchema = z.looseObject({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number(),
      message: z.looseObject({
        role: z.literal('assistant'),
        content: z.string().nullable(),
        refusal: z.string().nullish(),
        tool_calls: z.array(responseToolCallSchema).nullish(),
        reasoning_content: z.string().nullish(),
      }),
      finish_reason: z.string().nullable(),
      logprobs: z.unknown().nullish(),
    }),
  ),
  usage: usageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
});

export type ChatCompletion = z.infer<typeof chatCompletionSchema>;
export type ChatCompletionUsage = z.infer<typeof usageSchema>;
export type ChatCompletionFinishReason =
  | 'stop'
  | 'length'
  | 'tool_calls'
  | 'content_filter'
  | 'function_call';
export { usageSchema as chatCompletionUsageSchema };
