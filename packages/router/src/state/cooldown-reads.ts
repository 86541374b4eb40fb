import type { ActiveCooldown, MaybePromise } from './router-state.js';

interface Known {
  readAtMs: number;
  cooldown: ActiveCooldown | undefined;
  /** `remember()`'s count when this was stored: a read started before it must not undo it. */
  version: number;
}

/**
 * Deployments' cooldowns as last read from shared state, answered from memory for `freshMs`
 * so that a pick needs no round trip while nothing changes. A read past that goes to `read`
 * again; picks that need the same deployments meanwhile wait for that one read.
 */
export class CooldownReads {
  private readonly known = new Map<string, Known>();
  private readonly reading = new Map<string, Promise<Map<string, ActiveCooldown>>>();
  private remembered = 0;

  constructor(
    private readonly freshMs: number,
    private readonly read: (ids: string[]) => Promise<Array<ActiveCooldown | undefined>>,
  ) {}

  /** The cooldowns in force at `nowMs` among `ids`; synchronous while every id is fresh. */
  get(ids: readonly string[], nowMs: number): MaybePromise<Map<string, ActiveCooldown>> {
    const active = new Map<string, ActiveCooldown>();
    for (const id of ids) {
      const known = this.known.get(id);
      if (!known || nowMs - known.readAtMs >= this.freshMs) return this.refresh(ids, nowMs);
      if (known.cooldown && known.cooldown.untilMs > nowMs) active.set(id, known.cooldown);
    }
    return active;
  }

  /** A cooldown this instance has just set: known at once, without reading it back. */
  remember(id: string, cooldown: ActiveCooldown, nowMs: number): void {
    this.remembered++;
    this.known.set(id, { readAtMs: nowMs, cooldown, version: this.remembered });
  }

  private refresh(ids: readonly string[], nowMs: number): Promise<Map<string, ActiveCooldown>> {
    const key = ids.join('\n');
    let pending = this.reading.get(key);
    if (!pending) {
      pending = this.readNow([...ids], nowMs).finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    return pending;
  }

  private async readNow(ids: string[], nowMs: number): Promise<Map<string, ActiveCooldown>> {
    const version = this.remembered;
    const cooldowns = await this.read(ids);
    const active = new Map<string, ActiveCooldown>();
    ids.forEach((id, index) => {
      let cooldown = cooldowns[index];
      const known = this.known.get(id);
      if (known && known.version > version) {
        // Set here while the read was on its way: newer than what the read saw.
        cooldown = known.cooldown;
      } else if (this.freshMs > 0) {
        // Kept only with a freshness window: with none, every pick reads again.
        this.known.set(id, { readAtMs: nowMs, cooldown, version });
      }
      if (cooldown && cooldown.untilMs > nowMs) active.set(id, cooldown);
    });
    return active;
  }
}
