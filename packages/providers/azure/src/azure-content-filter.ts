import { type ChatGenerateResultV1, ContentPolicyViolationError } from '@llmux/core';
import { z } from 'zod';

const contentFilterResultsSchema = z.record(
  z.string(),
  z.looseObject({ filtered: z.boolean().nullish(), severity: z.string().nullish() }),
);

/** `violence (medium)`, `protected_material_text` … for each category marked filtered. */
function filteredCategories(results: unknown): string[] {
  const parsed = contentFilterResultsSchema.safeParse(results);
  if (!parsed.success) return [];
  return Object.entries(parsed.data)
    .filter(([, result]) => result.filtered === true)
    .map(([category, result]) =>
      result.severity && result.severity !== 'safe' ? `${category} (${result.severity})` : category,
    );
}

/**
 * A non-streamed completion whose every choice was stopped by Azure's content filter, with
 * nothing left to return, is a `ContentPolicyViolationError` (as in LiteLLM). Partly filtered
 * completions, and streams, keep `finish_reason: "content_filter"` as OpenAI sends it.
 */
export function throwIfCompletionFiltered(result: ChatGenerateResultV1, deployment: string): void {
  const { choices } = result.response;
  const blocked =
    choices.length > 0 &&
    choices.every(
      choice =>
        choice.finish_reason === 'content_filter' &&
        !choice.message.content &&
        !choice.message.tool_calls?.length,
    );
  if (!blocked) return;
  const categories = filteredCategories(choices[0]?.content_filter_results);
  const detail = categories.length > 0 ? ` Filtered: ${categories.join(', ')}.` : '';
  throw new ContentPolicyViolationError({
    message: `Azure OpenAI's content filter blocked the completion (finish_reason: content_filter).${detail}`,
    llmProvider: 'azure',
    model: deployment,
    providerCode: 'content_filter',
    headers: result.rawResponse.headers,
    body: result.response,
    isRetryable: false,
  });
}
