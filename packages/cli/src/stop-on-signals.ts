import type { RunningGateway } from './start-gateway.js';

/** How long in-flight requests get to finish after SIGTERM/SIGINT before the exit is forced. */
const shutdownGraceMs = 10_000;
/** After a clean close, how long the event loop gets to write out the log before exit is forced. */
const exitGraceMs = 2_000;

/**
 * On the first SIGTERM or SIGINT, closes the gateway (server, spend, log) and exits 0.
 * A second signal gets node's default handling, which kills the process at once.
 */
export function stopOnSignals(gateway: RunningGateway): void {
  const stop = (signal: NodeJS.Signals): void => {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    gateway.logger.info(`received ${signal}: shutting down (send it again to force)`);

    const forceExit = setTimeout(() => {
      gateway.logger.error(`still shutting down after ${shutdownGraceMs} ms: forcing exit`);
      gateway.logger.flush();
      process.exit(1);
    }, shutdownGraceMs);
    forceExit.unref();

    gateway.close().then(
      () => {
        clearTimeout(forceExit);
        process.exitCode = 0;
        // Leaving the event loop lets the async log destination finish its writes; the timer
        // only matters if some handle was left open.
        setTimeout(() => process.exit(), exitGraceMs).unref();
      },
      (error: unknown) => {
        clearTimeout(forceExit);
        gateway.logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
        setTimeout(() => process.exit(), exitGraceMs).unref();
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
