import type { CompletionParams, EmbeddingParams } from '@llmux/core';
import { isStringList } from './param-values.js';

export type CallKind = 'completion' | 'embedding';

/** What one request carries through its attempts. */
export interface RequestContext {
  kind: CallKind;
  params: (CompletionParams | EmbeddingParams) & Record<string, unknown>;
  stream: boolean;
  tags: string[] | undefined;
  promptTokens: Map<string, Promise<number>>;
}

export function createRequestContext(
  kind: CallKind,
  params: CompletionParams | EmbeddingParams,
): RequestContext {
  const metadataTags = (params.metadata as { tags?: unknown } | null | undefined)?.tags;
  return {
    kind,
    params: params as RequestContext['params'],
    stream: kind === 'completion' && (params as CompletionParams).stream === true,
    tags: isStringList(metadataTags) ? metadataTags : undefined,
    promptTokens: new Map(),
  };
}
