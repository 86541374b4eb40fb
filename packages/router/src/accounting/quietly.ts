import type { RouterLogger } from '../router-options.js';
import type { MaybePromise } from '../state/router-state.js';

const done = (): void => {};

/**
 * Routing bookkeeping never fails a call: a state error, thrown or rejected, is logged and
 * the call goes on. A state that answered synchronously needs no wait: returns undefined.
 */
export function quietly(
  logger: RouterLogger,
  write: () => MaybePromise<unknown>,
  what: string,
): Promise<void> | undefined {
  const warn = (error: unknown): void => {
    logger.warn(
      { error: error instanceof Error ? error.message : String(error) },
      `router state: recording ${what} failed`,
    );
  };
  let work: MaybePromise<unknown>;
  try {
    work = write();
  } catch (error) {
    warn(error);
    return undefined;
  }
  return work instanceof Promise ? work.then(done, warn) : undefined;
}

/** Waits for the bookkeeping that did not answer synchronously; undefined when none is left. */
export function allQuietly(
  works: ReadonlyArray<Promise<void> | undefined>,
): Promise<unknown> | undefined {
  const pending = works.filter(work => work !== undefined);
  return pending.length === 0 ? undefined : Promise.all(pending);
}
