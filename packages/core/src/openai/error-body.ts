import { z } from 'zod';

export const openAIErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});

/** `{"error":{"message","type","param","code"}}`: OpenAI's error envelope. */
export interface OpenAIErrorBody {
  error: { message: string; type: string | null; param: string | null; code: string | null };
}
