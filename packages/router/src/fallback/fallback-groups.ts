import { APIError, ContentPolicyViolationError, ContextWindowExceededError } from '@llmux/core';
import type { FallbackList } from '../router-options.js';

export interface FallbackLists {
  fallbacks?: FallbackList | undefined;
  context_window_fallbacks?: FallbackList | undefined;
  content_policy_fallbacks?: FallbackList | undefined;
  default_fallbacks?: string[] | undefined;
}

/** The groups listed for `group`: its own entry, else the `"*"` entry. */
export function lookupFallbacks(
  list: FallbackList | undefined,
  group: string,
): string[] | undefined {
  if (!list) return undefined;
  let wildcard: string[] | undefined;
  for (const entry of list) {
    const own = entry[group];
    if (own) return own;
    wildcard ??= entry['*'];
  }
  return wildcard;
}

function regularFallbacks(lists: FallbackLists, group: string): string[] {
  return lookupFallbacks(lists.fallbacks, group) ?? lists.default_fallbacks ?? [];
}

/**
 * The fallback groups for an error, in order: `context_window_fallbacks` for
 * ContextWindowExceededError and `content_policy_fallbacks` for ContentPolicyViolationError
 * (each falling back to the regular list when it has no entry), else `fallbacks`; an entry
 * for the group wins over `"*"`, and `default_fallbacks` apply when neither exists.
 */
export function fallbackGroupsFor(error: unknown, group: string, lists: FallbackLists): string[] {
  if (!APIError.isInstance(error)) return [];
  if (ContextWindowExceededError.isInstance(error))
    return lookupFallbacks(lists.context_window_fallbacks, group) ?? regularFallbacks(lists, group);
  if (ContentPolicyViolationError.isInstance(error))
    return lookupFallbacks(lists.content_policy_fallbacks, group) ?? regularFallbacks(lists, group);
  return regularFallbacks(lists, group);
}
