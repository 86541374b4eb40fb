import { APIError, type HiddenParams } from '@llmux/core';
import type { Deployment } from '@llmux/router';
import type { AuthInfo } from '../app-env.js';
import type { NewSpendLog } from '../db/tables/spend-log.table.js';

export type CallType = 'acompletion' | 'aembedding';

/** How a call ended when it did not succeed. */
export interface SpendFailure {
  /** Error class, or `client_disconnected`. */
  type: string;
  status: number;
  message: string;
}

export interface SpendLogInput {
  requestId: string;
  callId: string;
  callType: CallType;
  auth: AuthInfo;
  modelGroup: string;
  endUser: string;
  stream: boolean;
  startedAt: Date;
  endedAt: Date;
  completionStartedAt?: Date | undefined;
  /** The deployment that served the call, when known. */
  deployment?: Deployment | undefined;
  /** Usage and exact cost; absent when the call failed before any was known (cost 0). */
  hidden?: HiddenParams | undefined;
  /** The response id the upstream gave (`chatcmpl-…`). */
  responseId?: string | undefined;
  failure?: SpendFailure | undefined;
  /** Provider and model named by an error, when the deployment is unknown. */
  errorProvider?: string | undefined;
  errorModel?: string | undefined;
}

/** The spend row of one request, in `llmux_spend_logs`'s columns. */
export function buildSpendLog(input: SpendLogInput): NewSpendLog {
  const { hidden, failure, deployment } = input;
  const usage = hidden?.usage;
  const deploymentApiBase = deployment?.litellmParams.api_base;
  const metadata = {
    stream: input.stream,
    response_id: input.responseId,
    attempted_retries: hidden?.attempted_retries,
    attempted_fallbacks: hidden?.attempted_fallbacks,
    priced: hidden?.priced,
    usage_estimated: hidden?.usage_estimated,
    reasoning_tokens: usage?.reasoningTokens,
    error_information: failure
      ? {
          error_class: failure.type,
          error_code: String(failure.status),
          error_message: failure.message,
        }
      : undefined,
  };
  return {
    request_id: input.requestId,
    call_id: input.callId,
    call_type: input.callType,
    api_key: input.auth.apiKeyHash,
    spend_pico: hidden?.response_cost_pico ?? 0n,
    total_tokens: usage?.totalTokens ?? 0,
    prompt_tokens: usage?.promptTokens ?? 0,
    completion_tokens: usage?.completionTokens ?? 0,
    cached_read_tokens: usage?.cachedReadTokens ?? 0,
    cache_write_tokens: usage?.cacheWriteTokens ?? 0,
    start_time: input.startedAt.toISOString(),
    end_time: input.endedAt.toISOString(),
    completion_start_time: input.completionStartedAt?.toISOString() ?? null,
    model: hidden?.model ?? input.errorModel ?? '',
    model_id: deployment?.id ?? '',
    model_group: input.modelGroup,
    custom_llm_provider: hidden?.custom_llm_provider ?? input.errorProvider ?? '',
    api_base: hidden?.api_base ?? (typeof deploymentApiBase === 'string' ? deploymentApiBase : ''),
    user: input.auth.userId,
    team_id: input.auth.key?.teamId ?? '',
    end_user: input.endUser,
    metadata: JSON.stringify(metadata),
    status: failure ? 'failure' : 'success',
    error_type: failure?.type ?? null,
    error_status: failure?.status ?? null,
  };
}

/** Status 499 (the client closed the request) marks calls cut short by the client. */
export const clientDisconnectedFailure: SpendFailure = {
  type: 'client_disconnected',
  status: 499,
  message: 'The client closed the connection before the response was complete.',
};

export function failureFromError(error: unknown): SpendFailure {
  if (APIError.isInstance(error)) {
    const apiError = error as APIError;
    return { type: apiError.name, status: apiError.status, message: apiError.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { type: error instanceof Error ? error.name : 'Error', status: 500, message };
}
