import { type HiddenParams, picoToDollars } from '@llmux/core';
import { type Deployment, type RoutedCall, routedCallOf } from '@llmux/router';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { NewSpendLog } from '../db/tables/spend-log.table.js';
import { litellmHeaders } from '../http/litellm-headers.js';
import { type RequestSize, worstCaseCostPico } from '../keys/worst-case-cost.js';
import type { LimitSubjects } from '../limits/limit-subjects.js';
import type { Admission } from '../limits/request-limiter.js';
import { isLevelEnabled } from '../logger.js';
import {
  buildSpendLog,
  type CallType,
  clientDisconnectedFailure,
  failureFromError,
  type SpendFailure,
} from '../spend/build-spend-log.js';
import type { RouteDependencies } from './route-dependencies.js';
import { watchClientDisconnect } from './watch-client-disconnect.js';

export interface ModelCallOptions {
  callType: CallType;
  modelGroup: string;
  /** The OpenAI `user` field (LiteLLM's end user); else the customer headers name it. */
  endUser: string | null | undefined;
  stream: boolean;
  /** How big the request may get: what each budget it touches reserves for it (asked only then). */
  size: () => RequestSize;
}

/** What a routed call returns: core's result with the router's `routed`. */
export interface RoutedResult {
  readonly _hidden_params: HiddenParams;
  readonly routed: RoutedCall;
}

export interface SpendOutcome {
  hidden?: HiddenParams | undefined;
  responseId?: string | undefined;
  completionStartedAt?: Date | undefined;
  failure?: SpendFailure | undefined;
  /** When the call ended; default: when the row is built. */
  endedAt?: Date | undefined;
}

/**
 * One request's call to a model: its admission against the budgets and rate limits of its
 * key, the key's `model_max_budget` for the group, its team, user and end user (throws 429,
 * or 400 for a blocked end user, before anything is called), its abort signal (the client
 * going away aborts the upstream call), timing for the `x-litellm-*` headers, the debug log
 * of where it was routed, and its single spend row.
 */
export interface ModelCall {
  readonly signal: AbortSignal;
  /** Notes that the router answered; logs the resolution at debug. */
  routed(result: RoutedResult): void;
  headers(result: RoutedResult, options: { includeCost: boolean }): Record<string, string>;
  /** Writes the row once the outcome is known (now, or when a stream ends). */
  recordSpend(outcome: SpendOutcome | Promise<SpendOutcome>, result?: RoutedResult): void;
  /** Writes a failure row for an error thrown before any response. */
  recordFailure(error: unknown): void;
  /** Aborts the upstream call (the client went away). */
  abort(): void;
}

/** The request's end user: its OpenAI `user`, else `x-litellm-end-user-id` / `x-litellm-customer-id`. */
export function endUserOf(c: Context<AppEnv>, user: string | null | undefined): string {
  return (
    user ?? c.req.header('x-litellm-end-user-id') ?? c.req.header('x-litellm-customer-id') ?? ''
  );
}

/**
 * Starts the call once its limits are loaded: synchronously (no promise) when every row they
 * need is cached, as it is for a key in steady use.
 */
export function startModelCall(
  c: Context<AppEnv>,
  dependencies: RouteDependencies,
  options: ModelCallOptions,
): ModelCall | Promise<ModelCall> {
  const { limits } = dependencies;
  c.set('modelGroup', options.modelGroup);
  const key = c.get('auth').key;
  const endUser = endUserOf(c, options.endUser);
  const loaded = limits
    ? limits.load({ key, endUserId: endUser, modelGroup: options.modelGroup })
    : { key };
  return loaded instanceof Promise
    ? loaded.then(subjects => admitModelCall(c, dependencies, options, endUser, subjects))
    : admitModelCall(c, dependencies, options, endUser, loaded);
}

function admitModelCall(
  c: Context<AppEnv>,
  dependencies: RouteDependencies,
  options: ModelCallOptions,
  endUser: string,
  subjects: LimitSubjects,
): ModelCall {
  const { router, spend, logger, limiter } = dependencies;
  const { modelGroup } = options;
  // `c.get()`, not `c.var`: each `c.var` read copies every variable into a new object.
  const auth = c.get('auth');
  const callId = c.get('callId');
  const key = auth.key;
  // Checked and reserved synchronously right after loading. Refused here: nothing is called
  // and no spend row is written (as LiteLLM).
  const groupDeployments = router.deploymentsIn(modelGroup);
  const admission: Admission | undefined = limiter?.admit(subjects, () =>
    worstCaseCostPico(groupDeployments, options.size()),
  );
  // The reservation and slot go back with the exact cost once the row is known.
  const settle = (row: NewSpendLog | undefined): void => {
    admission?.settle(row ? BigInt(row.spend_pico) : 0n, row ? Number(row.total_tokens ?? 0) : 0);
  };
  const controller = new AbortController();
  let clientDisconnected = false;
  const stopWatchingClient = watchClientDisconnect(c, reason => {
    clientDisconnected = true;
    controller.abort(reason);
  });
  const providerStart = performance.now();
  let providerMs: number | undefined;

  // A group with one deployment names it even when the call failed before routing told us.
  const soleDeployment = (): Deployment | undefined =>
    groupDeployments.length === 1 ? groupDeployments[0] : undefined;
  const failedDeployment = (error: unknown): Deployment | undefined =>
    routedCallOf(error)?.deployment ?? soleDeployment();

  const buildRow = (
    outcome: SpendOutcome,
    deployment: Deployment | undefined,
    error?: unknown,
  ): NewSpendLog => {
    stopWatchingClient();
    const errorDetails = error as { llmProvider?: unknown; model?: unknown } | undefined;
    return buildSpendLog({
      requestId: c.get('requestId'),
      callId,
      callType: options.callType,
      auth,
      modelGroup,
      endUser,
      stream: options.stream,
      startedAt: c.get('startedAt'),
      endedAt: outcome.endedAt ?? new Date(),
      completionStartedAt: outcome.completionStartedAt,
      deployment,
      hidden: outcome.hidden,
      responseId: outcome.responseId,
      failure: outcome.failure,
      errorProvider:
        typeof errorDetails?.llmProvider === 'string' ? errorDetails.llmProvider : undefined,
      errorModel: typeof errorDetails?.model === 'string' ? errorDetails.model : undefined,
    });
  };

  return {
    signal: controller.signal,
    abort() {
      clientDisconnected = true;
      controller.abort();
    },
    routed(result) {
      providerMs = performance.now() - providerStart;
      if (isLevelEnabled(logger, 'debug')) {
        const { deployment } = result.routed;
        const hidden = result._hidden_params;
        logger.debug(
          {
            callId,
            modelGroup,
            deploymentId: deployment.id,
            provider: hidden.custom_llm_provider,
            model: hidden.model,
            apiBase: hidden.api_base ?? deployment.litellmParams.api_base,
            stream: options.stream,
            providerMs: Math.round(providerMs),
          },
          'model resolved',
        );
      }
    },
    headers(result, { includeCost }) {
      const hidden = result._hidden_params;
      const { deployment } = result.routed;
      const totalMs = performance.now() - c.get('startTime');
      const apiBase = hidden.api_base ?? deployment.litellmParams.api_base;
      const rateLimitHeaders = admission?.headers() ?? {};
      const headers = litellmHeaders({
        callId,
        keySpend: key ? picoToDollars(key.spendPico) : undefined,
        responseCost: includeCost ? hidden.response_cost : undefined,
        modelId: deployment.id,
        modelGroup,
        apiBase: typeof apiBase === 'string' ? apiBase : undefined,
        attemptedRetries: result.routed.attemptedRetries,
        attemptedFallbacks: result.routed.attemptedFallbacks,
        responseDurationMs: totalMs,
        overheadDurationMs: totalMs - (providerMs ?? 0),
      });
      return { ...headers, ...rateLimitHeaders };
    },
    recordSpend(outcome, result) {
      const deployment = result?.routed.deployment ?? soleDeployment();
      if (outcome instanceof Promise) {
        const row = outcome.then(settled => buildRow(settled, deployment));
        row.then(settle, () => settle(undefined));
        spend.recordPending(row);
      } else {
        // Settled now (the rate-limit headers count this call); the row is built after the
        // response is out, as nothing in it changes what the client gets, with the time the
        // call ended (a flush may run between the two).
        const hidden = outcome.hidden;
        admission?.settle(hidden?.response_cost_pico ?? 0n, hidden?.usage?.totalTokens ?? 0);
        const ended = { ...outcome, endedAt: outcome.endedAt ?? new Date() };
        spend.recordLater(() => buildRow(ended, deployment));
      }
    },
    recordFailure(error) {
      const failure = clientDisconnected ? clientDisconnectedFailure : failureFromError(error);
      const row = buildRow({ failure }, failedDeployment(error), error);
      settle(row);
      spend.record(row);
    },
  };
}
