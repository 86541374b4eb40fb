import type { UserRole } from './auth/user-role.js';
import type { CachedKey } from './keys/key-cache.js';

/** Who made the request, as far as the proxy knows. */
export interface AuthInfo {
  /**
   * LiteLLM's role of the caller: `proxy_admin` for the master key (and for everyone when no
   * master key is set, as LiteLLM lets every request through then); for a virtual key, its
   * user's `user_role` (`internal_user` when the key has no user). Undefined before auth.
   */
  role?: UserRole | undefined;
  /** The virtual key, as read at auth time. */
  key?: CachedKey | undefined;
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
  /** The response already carries `x-litellm-call-id` (see `jsonResponse`). */
  callIdHeaderSet: boolean;
}

export type AppEnv = { Variables: AppVariables };
