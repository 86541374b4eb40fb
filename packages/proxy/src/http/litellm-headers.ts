import { VERSION } from '@llmux/core';

export interface LitellmHeaderValues {
  callId?: string | undefined;
  /** USD; omitted when unknown (a stream's cost is known only once it ends). */
  responseCost?: number | undefined;
  /** USD spent by the virtual key, as known when the request was authenticated. */
  keySpend?: number | undefined;
  modelId?: string | undefined;
  modelGroup?: string | undefined;
  apiBase?: string | undefined;
  attemptedRetries?: number | undefined;
  attemptedFallbacks?: number | undefined;
  responseDurationMs?: number | undefined;
  overheadDurationMs?: number | undefined;
}

function milliseconds(value: number): string {
  return String(Math.round(Math.max(0, value) * 1000) / 1000);
}

/** LiteLLM's `x-litellm-*` response headers; empty values are left out, as LiteLLM does. */
export function litellmHeaders(values: LitellmHeaderValues): Record<string, string> {
  const headers: Record<string, string> = { 'x-litellm-version': VERSION };
  const set = (name: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') headers[name] = value;
  };
  set('x-litellm-call-id', values.callId);
  set(
    'x-litellm-response-cost',
    values.responseCost === undefined ? undefined : String(values.responseCost),
  );
  set('x-litellm-key-spend', values.keySpend === undefined ? undefined : String(values.keySpend));
  set('x-litellm-model-id', values.modelId);
  set('x-litellm-model-group', values.modelGroup);
  set('x-litellm-model-api-base', values.apiBase);
  set('x-litellm-attempted-retries', values.attemptedRetries?.toString());
  set('x-litellm-attempted-fallbacks', values.attemptedFallbacks?.toString());
  set(
    'x-litellm-response-duration-ms',
    values.responseDurationMs === undefined ? undefined : milliseconds(values.responseDurationMs),
  );
  set(
    'x-litellm-overhead-duration-ms',
    values.overheadDurationMs === undefined ? undefined : milliseconds(values.overheadDurationMs),
  );
  return headers;
}
