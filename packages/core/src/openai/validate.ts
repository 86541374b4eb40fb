import type { z } from 'zod';
import { BadRequestError } from '../errors/bad-request-error.js';
import {
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
} from './chat-completion-request.js';
import { type EmbeddingRequest, embeddingRequestSchema } from './embedding.js';

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

function toBadRequest(error: z.ZodError, what: string): BadRequestError {
  const issue = error.issues[0];
  const param = issue ? formatPath(issue.path) : '';
  const reason = issue?.message ?? 'invalid value';
  const message =
    param === '' ? `Invalid ${what}: ${reason}` : `Invalid ${what}: '${param}': ${reason}`;
  return new BadRequestError({ message, param: param || null, body: error.issues });
}

/** Validates an OpenAI chat-completions body; unknown fields are kept. Throws `BadRequestError` naming the field. */
export function parseChatCompletionRequest(body: unknown): ChatCompletionRequest {
  const result = chatCompletionRequestSchema.safeParse(body);
  if (!result.success) throw toBadRequest(result.error, 'chat completion request');
  return result.data;
}

/** Validates an OpenAI embeddings body; unknown fields are kept. Throws `BadRequestError` naming the field. */
export function parseEmbeddingRequest(body: unknown): EmbeddingRequest {
  const result = embeddingRequestSchema.safeParse(body);
  if (!result.success) throw toBadRequest(result.error, 'embedding request');
  return result.data;
}
