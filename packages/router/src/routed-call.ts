import type { APIError, CompletionStream, EmbeddingResult, ModelResponse } from '@llmux/core';
import type { Deployment } from './deployment.js';
import { isStringList } from './param-values.js';
import { pythonList } from './python-list.js';

/** Where a call went: the deployment that answered (or, on an error, the last one tried). */
export interface RoutedCall {
  deployment: Deployment;
  /** The group that answered (a fallback group when fallbacks were used). */
  modelGroup: string;
  /** Retries made in the answering group (0 = its first try answered). */
  attemptedRetries: number;
  /** Fallback depth of the answering group (0 = the requested group answered). */
  attemptedFallbacks: number;
}

/** What core's `completion()` or `embedding()` returns for one call. */
export type CallResult = ModelResponse | CompletionStream | EmbeddingResult;

/** A call's result marked with where it went. */
export type RoutedResult = CallResult & { routed: RoutedCall };

/** Marks a result, or an error thrown by the call, with the deployment that was tried. */
export function withRouted<T>(value: T, routed: RoutedCall): T & { routed: RoutedCall } {
  if (typeof value === 'object' && value !== null && Object.isExtensible(value)) {
    Object.defineProperty(value, 'routed', {
      value: routed,
      enumerable: false,
      configurable: true,
    });
  }
  return value as T & { routed: RoutedCall };
}

/** The deployment a failed call went to (the last one tried), when the router marked the error. */
export function routedCallOf(error: unknown): RoutedCall | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const routed = (error as { routed?: unknown }).routed;
  return routed && typeof routed === 'object' ? (routed as RoutedCall) : undefined;
}

/** Appends the fallbacks tried to the original error, as LiteLLM does. */
export function annotateFallbacks(error: APIError, group: string, tried: readonly string[]): void {
  const annotated = `${error.message}\nReceived Model Group=${group}\nAvailable Model Group Fallbacks=${pythonList(tried)}`;
  Object.defineProperty(error, 'message', { value: annotated, configurable: true, writable: true });
  Object.defineProperty(error, 'attemptedFallbackGroups', {
    value: [...tried],
    enumerable: false,
    configurable: true,
  });
}

/** The fallback groups tried before the router re-raised this error. */
export function attemptedFallbackGroupsOf(error: unknown): string[] {
  if (typeof error !== 'object' || error === null) return [];
  const groups = (error as { attemptedFallbackGroups?: unknown }).attemptedFallbackGroups;
  return isStringList(groups) ? groups : [];
}
