/** Who made the request, as far as the proxy knows. */
export interface AuthInfo {
  /** sha256 hex of the key presented; '' when none was. */
  apiKeyHash: string;
  /** The key owner: `default_user_id` for the master key (LiteLLM's name); '' when the proxy is open. */
  userId: string;
}

/** Hono context variables set by the proxy's middleware. */
export interface AppVariables {
  /** Unique per request; the spend row's `request_id`. */
  requestId: string;
  /** The `x-litellm-call-id` answered: the client's own, or `requestId`. */
  callId: string;
  /** `performance.now()` when the request arrived. */
  startTime: number;
  startedAt: Date;
  auth: AuthInfo;
  /** The model group once the request names a known one (for error headers). */
  modelGroup: string | undefined;
}

export type AppEnv = { Variables: AppVariables };
