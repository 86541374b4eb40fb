import { openAIErrorBodySchema } from '@llmux/core';
import { z } from 'zod';

/** The fields of an OpenAI error, wherever the server put them. */
export interface OpenAIErrorDetails {
  message: string;
  type?: string | null | undefined;
  param?: string | null | undefined;
  code?: string | number | null | undefined;
}

// vLLM and some other compatible servers put the fields at the top level.
const topLevelErrorSchema = z.looseObject({
  message: z.string(),
  type: z.string().nullish(),
  param: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});

const stringErrorSchema = z.looseObject({ error: z.string() });

// FastAPI-style servers (and some proxies in front of vLLM) answer `{"detail": "…"}`.
const detailErrorSchema = z.looseObject({ detail: z.string() });

/** Reads the OpenAI envelope and its usual variants; falls back to the raw text. */
export function parseOpenAIErrorDetails(
  body: unknown,
  text: string,
  fallback: string,
): OpenAIErrorDetails {
  const envelope = openAIErrorBodySchema.safeParse(body);
  if (envelope.success) return envelope.data.error;
  const topLevel = topLevelErrorSchema.safeParse(body);
  if (topLevel.success) return topLevel.data;
  const stringError = stringErrorSchema.safeParse(body);
  if (stringError.success) return { message: stringError.data.error };
  const detailError = detailErrorSchema.safeParse(body);
  if (detailError.success) return { message: detailError.data.detail };
  return { message: text.trim() || fallback };
}
