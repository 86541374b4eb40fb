import type { Deployment } from '../deployment.js';
import type { MinuteUsage } from '../state/router-state.js';

/** Whether a deployment has used its `rpm` or `tpm` for the current minute. */
export function isAtRateLimit(deployment: Deployment, usage: MinuteUsage | undefined): boolean {
  if (!usage) return false;
  if (deployment.rpm !== undefined && usage.requests >= deployment.rpm) return true;
  if (deployment.tpm !== undefined && usage.tokens >= deployment.tpm) return true;
  return false;
}

/** Milliseconds until the next UTC minute, when per-minute counters start over. */
export function msToNextMinute(nowMs: number): number {
  return 60_000 - (nowMs % 60_000);
}
