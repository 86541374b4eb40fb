import { type APIError, ContentPolicyViolationError, NotFoundError } from '@llmux/core';
import { type OpenAICompatibleErrorContext, refineError } from '@llmux/openai-compatible';
import { z } from 'zod';

const innerErrorSchema = z.looseObject({ code: z.string().nullish() }).nullish();

// Live responses spell it `innererror`; the REST spec spells it `inner_error`.
const azureErrorBodySchema = z.looseObject({
  error: z.looseObject({ innererror: innerErrorSchema, inner_error: innerErrorSchema }),
});

function innerErrorCode(body: unknown): string | undefined {
  const parsed = azureErrorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { innererror, inner_error } = parsed.data.error;
  return innererror?.code ?? inner_error?.code ?? undefined;
}

function isContentFilterError({ details, body, status }: OpenAICompatibleErrorContext): boolean {
  if (status !== undefined && (status < 400 || status >= 500)) return false;
  return (
    details.code === 'content_filter' ||
    innerErrorCode(body) === 'ResponsibleAIPolicyViolation' ||
    /content management policy/i.test(details.message)
  );
}

/**
 * Azure's refinements of the OpenAI mapping: a prompt stopped by the content filter
 * (400 `content_filter`, inner code `ResponsibleAIPolicyViolation`) is a content-policy
 * error and is never retried; `DeploymentNotFound` sent inside a stream is a not-found.
 * Gateway errors (`{"error":{"code":"401","message"}}`) need nothing: the status decides.
 */
export function mapAzureError(context: OpenAICompatibleErrorContext): APIError | undefined {
  const { error, details, status } = context;
  if (isContentFilterError(context)) {
    return refineError(error, ContentPolicyViolationError, { isRetryable: false });
  }
  if (status === undefined && details.code === 'DeploymentNotFound') {
    return refineError(error, NotFoundError, { isRetryable: false });
  }
  return undefined;
}
