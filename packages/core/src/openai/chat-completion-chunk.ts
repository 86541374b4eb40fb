import { z } from 'zod';
import { chatCompletionUsageSchema } from './chat-completion-response.js';

const toolCallDeltaSchema = z.looseObject({
  index: z.number(),
  id: z.string().nullish(),
  type: z.literal('function').nullish(),
  function: z
    .looseObject({ name: z.string().nullish(), arguments: z.string().nullish() })
    .nullish(),
});

export const chatCompletionChunkSchema = z.looseObject({
  // Azure's first chunk can have an empty id, model and object; do not be strict here.
  id: z.string(),
  object: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number(),
      delta: z.looseObject({
        role: z.string().nullish(),
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        tool_calls: z.array(toolCallDeltaSchema).nullish(),
      }),
      finish_reason: z.string().nullish(),
      logprobs: z.unknown().nullish(),
    }),
  ),
  usage: chatCompletionUsageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
});

export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;
export type ChatCompletionToolCallDelta = z.infer<typeof toolCallDeltaSchema>;
