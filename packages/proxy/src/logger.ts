/**
 * The logger the proxy writes to: a subset of pino's API, so a pino logger fits as is.
 * The proxy never passes keys or `Authorization` headers to it.
 */
export interface ProxyLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  isLevelEnabled?(level: string): boolean;
}

const ignore = (): void => undefined;

export const silentLogger: ProxyLogger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  isLevelEnabled: () => false,
};

/** True when `level` would be written; loggers without `isLevelEnabled` are asked anyway. */
export function isLevelEnabled(logger: ProxyLogger, level: 'debug' | 'info'): boolean {
  return logger.isLevelEnabled ? logger.isLevelEnabled(level) : true;
}
