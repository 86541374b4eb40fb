import { APIError } from '@llmux/core';
import { fallbackGroupsFor } from '../fallback/fallback-groups.js';
import type { RequestContext } from '../request-context.js';
import { annotateFallbacks, type RoutedResult } from '../routed-call.js';
import type { RouterContext } from '../router-context.js';
import { runGroupWithRetries } from './run-group-with-retries.js';

/** LiteLLM's default. */
const defaultMaxFallbacks = 5;

/**
 * Runs a group; when it fails with an API error, tries its fallback groups in turn (each with
 * its own fallbacks, depth first), skipping groups already visited, then re-raises the
 * group's own error annotated with the fallbacks tried.
 */
export async function runWithFallbacks(
  context: RouterContext,
  group: string,
  request: RequestContext,
  depth: number,
  visited: Set<string>,
  requestFallbacks: string[] | undefined,
): Promise<RoutedResult> {
  try {
    return await runGroupWithRetries(context, group, request, depth);
  } catch (error) {
    if (request.params.signal?.aborted || !APIError.isInstance(error)) throw error;
    const maxFallbacks = context.options.max_fallbacks ?? defaultMaxFallbacks;
    const candidates = requestFallbacks ?? fallbackGroupsFor(error, group, context.options);
    const tried: string[] = [];
    for (const fallback of candidates) {
      if (depth + 1 > maxFallbacks) break;
      const fallbackGroup = context.groups.groupOf(fallback);
      if (visited.has(fallbackGroup)) continue;
      if (!context.groups.has(fallbackGroup)) {
        context.logger.warn({ group, fallback }, 'fallback model group does not exist; skipped');
        continue;
      }
      visited.add(fallbackGroup);
      tried.push(fallbackGroup);
      try {
        return await runWithFallbacks(
          context,
          fallbackGroup,
          request,
          depth + 1,
          visited,
          undefined,
        );
      } catch (fallbackError) {
        if (request.params.signal?.aborted) throw fallbackError;
      }
    }
    if (tried.length > 0) annotateFallbacks(error, group, tried);
    throw error;
  }
}
