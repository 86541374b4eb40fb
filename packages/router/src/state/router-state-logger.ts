/**
 * What the router's state reports to: a subset of pino's API, so a pino logger (or the
 * proxy's logger) fits as is.
 */
export interface RouterStateLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
}

const write = (level: string) => (fields: object, message?: string) => {
  process.stderr.write(`[llmux ${level}] ${message ?? ''} ${JSON.stringify(fields)}\n`);
};

/** Default logger: warnings and infos to stderr, debug dropped. */
export const stderrRouterStateLogger: RouterStateLogger = {
  debug: () => undefined,
  info: write('info'),
  warn: write('warn'),
};
