import { createLogger, flushLogger, selectLogLevel } from './create-logger.js';
import { HELP_TEXT, parseArguments } from './parse-arguments.js';
import { type RunningGateway, startGateway } from './start-gateway.js';
import { VERSION } from './version.js';

export { demoConfigPath } from './demo-config-path.js';
export type { CliOptions } from './parse-arguments.js';
export { parseArguments } from './parse-arguments.js';
export type { RunningGateway } from './start-gateway.js';
export { UsageError } from './usage-error.js';
export { VERSION } from './version.js';

/**
 * Runs `llmux` with these arguments (without `node` and the script): starts the gateway and
 * resolves once it listens. Resolves to undefined when `--help` or `--version` only printed.
 * Signals are not handled here; the `llmux` binary stops the gateway on SIGTERM and SIGINT.
 *
 * @example
 * const gateway = await runCli(['--config', 'config.yaml', '--port', '0']);
 * await fetch(`${gateway?.url}/v1/models`);
 * await gateway?.close();
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningGateway | undefined> {
  const options = parseArguments(argv, env);
  if (options.help) {
    process.stdout.write(HELP_TEXT);
    return undefined;
  }
  if (options.version) {
    process.stdout.write(`${VERSION}\n`);
    return undefined;
  }

  const logger = createLogger({ level: selectLogLevel(env, options.detailedDebug) });
  try {
    return await startGateway({
      configPath: options.configPath,
      port: options.port,
      host: options.host,
      logger,
      env,
    });
  } catch (error) {
    await flushLogger(logger);
    throw error;
  }
}
