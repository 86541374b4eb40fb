import type { Deployment } from '../deployment.js';

export interface TagFilterOptions {
  /**
   * `tag_filtering_match_any` (LiteLLM default true): a deployment serves a request sharing
   * any tag with it; false = the deployment must carry every request tag.
   */
  matchAny?: boolean | undefined;
}

/** The `litellm_params.tags` of a deployment (strings only). */
export function deploymentTags(deployment: Deployment): string[] {
  const tags = deployment.litellmParams.tags;
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

function tagged(deployments: readonly Deployment[], tag: string): Deployment[] {
  return deployments.filter(deployment => deploymentTags(deployment).includes(tag));
}

/**
 * LiteLLM's tag routing (`enable_tag_filtering`; call it only when enabled):
 * - a tagged request goes to the deployments whose tags match (any or all, see
 *   `matchAny`); when none match, to the deployments tagged `default`; when there are none
 *   either, the result is empty and the caller answers with LiteLLM's "no deployments with
 *   tag routing" error;
 * - an untagged request goes to the `default`-tagged deployments when there are some, else
 *   to all.
 *
 * LiteLLM's newer `!tag` / `&tag` request operators and `tag_regex` are not supported.
 *
 * @example
 * filterByTags(deployments, ['teamA']); // deployments tagged teamA, else those tagged default
 */
export function filterByTags(
  deployments: readonly Deployment[],
  requestTags: readonly string[] | undefined,
  options: TagFilterOptions = {},
): Deployment[] {
  const matchAny = options.matchAny ?? true;
  if (!requestTags || requestTags.length === 0) {
    const defaults = tagged(deployments, 'default');
    return defaults.length > 0 ? defaults : [...deployments];
  }
  const matching = deployments.filter(deployment => {
    const tags = deploymentTags(deployment);
    return matchAny
      ? requestTags.some(tag => tags.includes(tag))
      : requestTags.every(tag => tags.includes(tag));
  });
  return matching.length > 0 ? matching : tagged(deployments, 'default');
}
