/**
 * Router bookkeeping that a call's answer does not wait for (with Redis, a round trip each),
 * counted so that `Router.close()` can let it land before the connection closes.
 */
export class BackgroundWrites {
  private pending = 0;
  private waiters: Array<() => void> = [];
  private readonly finish = (): void => {
    this.pending--;
    if (this.pending === 0) for (const wake of this.waiters.splice(0)) wake();
  };

  /** Tracks `work` (nothing to track when undefined: the state answered synchronously). */
  add(work: Promise<unknown> | undefined): void {
    if (work === undefined) return;
    this.pending++;
    work.then(this.finish, this.finish);
  }

  /** Resolves once every tracked write has settled (at once when none is pending). */
  settled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise(resolve => this.waiters.push(resolve));
  }
}
