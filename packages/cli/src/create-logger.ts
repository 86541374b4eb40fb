import { createRequire } from 'node:module';
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import { UsageError } from './usage-error.js';

/** Keys whose values never reach the log, at the top level and up to four objects deep. */
export const SECRET_KEYS: readonly string[] = [
  'authorization',
  'Authorization',
  'api_key',
  'master_key',
  'x-api-key',
  'x-litellm-api-key',
  'api-key',
];

const maxRedactDepth = 4;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
    for (let depth = 0; depth <= maxRedactDepth; depth++) {
      const path = `${Array.from({ length: depth }, () => '*').join('.')}${segment}`;
      paths.push(path.startsWith('.') ? path.slice(1) : path);
    }
  }
  return paths;
}

// pino's names, plus LiteLLM's (Python logging) spellings.
const levelNames: Readonly<Record<string, LevelWithSilent>> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  critical: 'fatal',
  fatal: 'fatal',
  silent: 'silent',
};

function levelFromVariable(env: NodeJS.ProcessEnv, name: string): LevelWithSilent | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const level = levelNames[raw.toLowerCase()];
  if (!level) {
    throw new UsageError(
      `${name}: unknown log level "${raw}" (use one of ${Object.keys(levelNames).join(', ')})`,
    );
  }
  return level;
}

/**
 * The log level: `--detailed_debug` means debug; else `LLMUX_LOG_LEVEL`, then LiteLLM's
 * `LITELLM_LOG_LEVEL` and `LITELLM_LOG` (DEBUG, INFO, WARNING, ...); else info.
 */
export function selectLogLevel(env: NodeJS.ProcessEnv, detailedDebug: boolean): LevelWithSilent {
  if (detailedDebug) return 'debug';
  return (
    levelFromVariable(env, 'LLMUX_LOG_LEVEL') ??
    levelFromVariable(env, 'LITELLM_LOG_LEVEL') ??
    levelFromVariable(env, 'LITELLM_LOG') ??
    'info'
  );
}

export interface CreateLoggerOptions {
  level: LevelWithSilent;
  /** Human-readable lines instead of JSON. Default: when stdout is a terminal. */
  pretty?: boolean;
  /** Default: stdout through `pino.destination({ sync: false })`. */
  destination?: DestinationStream;
}

type FlushableStream = DestinationStream & { flush?: (callback: (error?: Error) => void) => void };

// Loaded only for a terminal: JSON output never loads pino-pretty (~1 MB of heap).
const requireFromHere = createRequire(import.meta.url);

function prettyStream(destination: FlushableStream): FlushableStream {
  const { prettyFactory } = requireFromHere('pino-pretty') as typeof import('pino-pretty');
  const format = prettyFactory({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return {
    write: line => destination.write(format(line)),
    flush: callback => (destination.flush ? destination.flush(callback) : callback()),
  };
}

/** The CLI's pino logger, with every key in `SECRET_KEYS` redacted. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const destination: FlushableStream =
    options.destination ?? pino.destination({ dest: 1, sync: false });
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  return pino(
    {
      name: 'llmux',
      level: options.level,
      redact: { paths: redactPaths(), censor: '[REDACTED]' },
    },
    pretty ? prettyStream(destination) : destination,
  );
}

/**
 * Asks the destination to write what it buffers. A write already handed to the OS completes
 * on its own as long as the process is not killed with `process.exit()`.
 */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise(resolve => {
    logger.flush(() => resolve());
  });
}
