import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** LiteLLM's default port. */
export const DEFAULT_PORT = 4000;
export const DEFAULT_HOST = '0.0.0.0';

export interface CliOptions {
  /** The config file as given; undefined means the demo config. */
  configPath: string | undefined;
  port: number;
  host: string;
  detailedDebug: boolean;
  help: boolean;
  version: boolean;
}

export const HELP_TEXT = `Usage: llmux [--config config.yaml] [--port 4000] [--host 0.0.0.0]

Starts the llmux gateway from a LiteLLM proxy config. Without --config it serves a
demo config (mock models: no API key, no network needed).

Options:
  -c, --config <file>   LiteLLM proxy config (yaml); os.environ/NAME values are read at start
  -p, --port <port>     port to listen on (default: $PORT, else 4000; 0 picks a free port)
      --host <host>     address to bind (default: $HOST, else 0.0.0.0)
      --detailed_debug  log at debug level: each request's model, upstream URL, status, timing
  -v, --version         print the version
  -h, --help            print this help

Environment:
  LLMUX_LOG_LEVEL       trace, debug, info (default), warn, error, fatal, silent
  LITELLM_LOG_LEVEL     the same, LiteLLM's names (DEBUG, INFO, WARNING, ...); LLMUX_LOG_LEVEL wins
  PORT, HOST            defaults for --port and --host
`;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parsePort(raw: string, source: string): number {
  const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535) {
    throw new UsageError(`${source}: "${raw}" is not a port (an integer from 0 to 65535)`);
  }
  return port;
}

/**
 * Reads `llmux`'s flags; `--port`/`--host` fall back to `PORT`/`HOST`, then to LiteLLM's defaults.
 * Throws `UsageError` for unknown flags, stray arguments and bad ports.
 */
export function parseArguments(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): CliOptions {
  let values: ReturnType<typeof parseKnownFlags>;
  try {
    values = parseKnownFlags(argv);
  } catch (error) {
    // node's messages append advice about `--` that does not apply to llmux.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.split('. ')[0] ?? message);
  }

  const portFlag = nonEmpty(values.port);
  const portEnv = nonEmpty(env.PORT);
  const port =
    portFlag !== undefined
      ? parsePort(portFlag, '--port')
      : portEnv !== undefined
        ? parsePort(portEnv, 'PORT')
        : DEFAULT_PORT;

  const configPath = values.config;
  if (configPath !== undefined && configPath.trim() === '') {
    throw new UsageError('--config: expected a file path');
  }

  return {
    configPath,
    port,
    host: nonEmpty(values.host) ?? nonEmpty(env.HOST) ?? DEFAULT_HOST,
    detailedDebug: values.detailed_debug ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function parseKnownFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      detailed_debug: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}
