import { callDeployment } from '../accounting/call-deployment.js';
import type { Deployment } from '../deployment.js';
import { lookupFallbacks } from '../fallback/fallback-groups.js';
import { numberParam } from '../param-values.js';
import type { RequestContext } from '../request-context.js';
import { retrySleepMs } from '../retry/retry-delay.js';
import { retriesFor } from '../retry/retry-policy.js';
import { isRetryAllowed } from '../retry/should-retry.js';
import { type RoutedCall, type RoutedResult, withRouted } from '../routed-call.js';
import type { RouterContext } from '../router-context.js';
import { healthyDeploymentIds } from './active-cooldowns.js';
import { selectDeployment } from './select-deployment.js';

/** LiteLLM's default. */
const defaultNumRetries = 2;

/** Calls one group with its retries; each attempt re-runs selection. */
export async function runGroupWithRetries(
  context: RouterContext,
  group: string,
  request: RequestContext,
  depth: number,
): Promise<RoutedResult> {
  const { options } = context;
  const deployments = context.groups.deploymentsOf(group);
  const failed = new Set<string>();
  let retries = 0;
  let lastError: unknown;
  while (true) {
    let deployment: Deployment;
    try {
      deployment = await selectDeployment(context, group, request, failed);
    } catch (selectionError) {
      // A retry that finds nothing left re-raises the call's error, as LiteLLM does.
      throw lastError ?? selectionError;
    }
    const routed: RoutedCall = {
      deployment,
      modelGroup: group,
      attemptedRetries: retries,
      attemptedFallbacks: depth,
    };
    try {
      const result = await callDeployment(context, deployment, group, request, routed);
      return withRouted(result, routed);
    } catch (error) {
      withRouted(error, routed);
      if (request.params.signal?.aborted) throw error;
      lastError = error;
      failed.add(deployment.id);
      const numRetries =
        numberParam(request.params.num_retries) ??
        numberParam(deployment.litellmParams.num_retries) ??
        options.num_retries ??
        defaultNumRetries;
      const allowed = retriesFor(
        error,
        numRetries,
        options.retry_policy,
        options.model_group_retry_policy?.[group],
      );
      if (retries >= allowed) throw error;
      const healthy = await healthyDeploymentIds(context, deployments);
      const retryAllowed = isRetryAllowed({
        error,
        hasContextWindowFallbacks:
          (lookupFallbacks(options.context_window_fallbacks, group)?.length ?? 0) > 0,
        hasContentPolicyFallbacks:
          (lookupFallbacks(options.content_policy_fallbacks, group)?.length ?? 0) > 0,
        groupSize: deployments.length,
        healthyDeployments: healthy.length,
      });
      if (!retryAllowed) throw error;
      const waitMs = retrySleepMs({
        retry: retries,
        error,
        otherHealthyDeployment: deployments.length > 1 && healthy.some(id => id !== deployment.id),
        retryAfterSeconds: options.retry_after ?? 0,
        random: context.random,
      });
      retries++;
      if (waitMs > 0) await context.sleep(waitMs, request.params.signal ?? undefined);
    }
  }
}
