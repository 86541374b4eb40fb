import type { RouterLogger } from '../router-options.js';
import type { MaybePromise } from '../state/router-state.js';

const done = (): void => {};

/**
 * Routing bookkeeping never fails a call: a state error is logged and the call goes on.
 * A state that answered synchronously needs no wait: returns undefined, not a promise.
 */
export function quietly(
  logger: RouterLogger,
  work: MaybePromise<unknown>,
  what: string,
): Promise<void> | undefined {
  if (!(work instanceof Promise)) return undefined;
  return work.then(done, (error: unknown) => {
    logger.warn(
      { error: error instanceof Error ? error.message : String(error) },
      `router state: recording ${what} failed`,
    );
  });
}

/** Waits for the bookkeeping that did not answer synchronously; undefined when none is left. */
export function allQuietly(
  works: ReadonlyArray<Promise<void> | undefined>,
): Promise<unknown> | undefined {
  const pending = works.filter(work => work !== undefined);
  return pending.length === 0 ? undefined : Promise.all(pending);
}
