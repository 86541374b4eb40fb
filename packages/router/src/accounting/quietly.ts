import type { RouterLogger } from '../router-options.js';

/** Routing bookkeeping never fails a call: a state error is logged and the call goes on. */
export async function quietly(
  logger: RouterLogger,
  work: Promise<unknown>,
  what: string,
): Promise<void> {
  try {
    await work;
  } catch (error) {
    logger.warn(
      { error: error instanceof Error ? error.message : String(error) },
      `router state: recording ${what} failed`,
    );
  }
}
