import { minuteOf } from './in-memory-router-state.js';
import type { MinuteOutcomes } from './router-state.js';

/** Sends counts to add to a deployment's minute; answers the minute's counts after them. */
export type SendOutcomes = (
  deploymentId: string,
  nowMs: number,
  add: MinuteOutcomes,
) => Promise<MinuteOutcomes>;

interface Batch {
  deploymentId: string;
  nowMs: number;
  successes: number;
}

interface Known extends MinuteOutcomes {
  minute: number;
}

/**
 * Successes counted in memory and sent once per `delayMs` per deployment and minute: with a
 * shared store (Redis), one command per deployment every 100 ms instead of one per call, and
 * no promise per call. A success answers at once with the minute's counts as this instance
 * knows them (the last answer from the store plus what waits). A failure is sent at once, with
 * the successes waiting for its minute, and answers the store's counts: what a cooldown
 * decision reads. A send that fails is reported to `onError`; its successes are not sent again.
 */
export class OutcomeBatch {
  private readonly batches = new Map<string, Batch>();
  private readonly known = new Map<string, Known>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly send: SendOutcomes,
    private readonly onError: (error: unknown) => void,
  ) {}

  success(deploymentId: string, nowMs: number): MinuteOutcomes {
    const key = batchKey(deploymentId, nowMs);
    let batch = this.batches.get(key);
    if (!batch) {
      batch = { deploymentId, nowMs, successes: 0 };
      this.batches.set(key, batch);
      this.timer ??= setTimeout(() => void this.flush(), this.delayMs).unref();
    }
    batch.successes++;
    const known = this.knownOf(deploymentId, nowMs);
    return {
      successes: (known?.successes ?? 0) + batch.successes,
      failures: known?.failures ?? 0,
    };
  }

  failure(deploymentId: string, nowMs: number): Promise<MinuteOutcomes> {
    const key = batchKey(deploymentId, nowMs);
    const successes = this.batches.get(key)?.successes ?? 0;
    this.batches.delete(key);
    return this.sendAndLearn(deploymentId, nowMs, { successes, failures: 1 });
  }

  /** Sends every waiting batch now; resolves once they are answered or have failed. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batches = [...this.batches.values()];
    this.batches.clear();
    await Promise.all(
      batches.map(batch =>
        this.sendAndLearn(batch.deploymentId, batch.nowMs, {
          successes: batch.successes,
          failures: 0,
        }).catch(this.onError),
      ),
    );
  }

  private async sendAndLearn(
    deploymentId: string,
    nowMs: number,
    add: MinuteOutcomes,
  ): Promise<MinuteOutcomes> {
    const counts = await this.send(deploymentId, nowMs, add);
    const minute = minuteOf(nowMs);
    const known = this.known.get(deploymentId);
    if (!known || known.minute <= minute) this.known.set(deploymentId, { minute, ...counts });
    return counts;
  }

  private knownOf(deploymentId: string, nowMs: number): Known | undefined {
    const known = this.known.get(deploymentId);
    return known?.minute === minuteOf(nowMs) ? known : undefined;
  }
}

/** Outcomes count per UTC minute, so a batch is per deployment and minute. */
function batchKey(deploymentId: string, nowMs: number): string {
  return `${deploymentId}\u0000${minuteOf(nowMs)}`;
}
