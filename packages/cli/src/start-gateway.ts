import { resolve } from 'node:path';
import { parseModelString, setLogLevel, warmUp } from '@llmux/core';
import {
  createApp,
  describeDatabaseTarget,
  hasMasterKey,
  loadConfigFile,
  openDatabase,
  type ProxyConfig,
  type RunningServer,
  resolveDatabaseTarget,
  selectDatabaseUrl,
  serve,
  toRouterOptions,
} from '@llmux/proxy';
import { Router } from '@llmux/router';
import type { Logger } from 'pino';
import { flushLogger } from './create-logger.js';
import { demoConfigPath } from './demo-config-path.js';

export interface StartGatewayOptions {
  /** As given on the command line; undefined serves the demo config. */
  configPath: string | undefined;
  port: number;
  host: string;
  logger: Logger;
  /** Where `os.environ/NAME` values are read. */
  env: NodeJS.ProcessEnv;
}

export interface RunningGateway {
  /** A URL to reach the gateway, with the port actually bound (useful with `--port 0`). */
  url: string;
  host: string;
  port: number;
  /** Absolute path of the config that was loaded. */
  configPath: string;
  logger: Logger;
  /** Stops accepting, closes the server, flushes spend to the database, flushes the log. */
  close(): Promise<void>;
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function describeModels(config: ProxyConfig): string[] {
  return config.model_list.map(entry => {
    const params = entry.litellm_params;
    const mocked = params.mock_response !== undefined ? ' (mock_response)' : '';
    return `${entry.model_name} → ${params.model}${mocked}`;
  });
}

/**
 * The provider prefixes the config's deployments call (mock_response ones call none). A model
 * whose provider cannot be told is left to the router, which answers its calls with the reason.
 */
function configProviders(config: ProxyConfig): Set<string> {
  const providers = new Set<string>();
  for (const { litellm_params: params } of config.model_list) {
    if (params.mock_response !== undefined) continue;
    try {
      providers.add(parseModelString(params.model, params.custom_llm_provider).provider);
    } catch {
      // Unknown prefix or an unpriced bare name: each call to it answers why.
    }
  }
  return providers;
}

/** `general_settings.proxy_batch_write_at` (seconds) in ms; undefined keeps the writer's 1 s. */
function spendFlushIntervalMs(config: ProxyConfig): number | undefined {
  const seconds = config.general_settings.proxy_batch_write_at;
  return seconds !== undefined && seconds > 0 ? seconds * 1000 : undefined;
}

/** Loads the config, opens the database and listens; logs what it did without any secret. */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  // The proxy logs every call through pino; the SDK's own stderr lines would repeat them.
  setLogLevel('silent');
  const configPath =
    options.configPath === undefined ? demoConfigPath : resolve(options.configPath);
  const { config, ignoredKeys } = await loadConfigFile(configPath, options.env);

  logger.info(
    options.configPath === undefined
      ? `no --config given: serving the demo config ${configPath}`
      : `loaded config ${configPath}`,
  );
  const models = describeModels(config);
  if (models.length === 0) logger.warn('the config has no model_list entries: no model to call');
  else logger.info(`models: ${models.join(', ')}`);
  if (ignoredKeys.length > 0) {
    logger.warn(`ignored config keys (not supported by llmux): ${ignoredKeys.join(', ')}`);
  }

  // Before the first request, not during it: undici's files load synchronously.
  const { failed } = await warmUp({ providers: configProviders(config) });
  for (const { provider, message } of failed) {
    logger.warn(
      `provider ${provider} did not load; its models will fail until it does: ${message}`,
    );
  }

  const { url: databaseUrl, source } = selectDatabaseUrl(
    config.general_settings.database_url,
    options.env,
  );
  const fromEnv = source === 'env' ? ' (from DATABASE_URL)' : '';
  logger.info(`database: ${describeDatabaseTarget(resolveDatabaseTarget(databaseUrl))}${fromEnv}`);
  const database = await openDatabase({
    url: databaseUrl,
    logger,
    connectionPoolLimit: config.general_settings.database_connection_pool_limit,
    spendWriter: { flushIntervalMs: spendFlushIntervalMs(config) },
  });

  const router = new Router({ ...toRouterOptions(config), logger });
  let server: RunningServer;
  try {
    const app = createApp({ config, db: database, logger, router });
    server = await serve({ app, port: options.port, hostname: options.host });
  } catch (error) {
    await router.close();
    await database.close();
    throw error;
  }

  const listening = formatUrl(options.host, server.port);
  if (!hasMasterKey(config)) {
    logger.warn(
      `NO MASTER KEY: the proxy is open, anyone who reaches ${listening} can call every model ` +
        'on your provider keys. Set general_settings.master_key (e.g. os.environ/LLMUX_MASTER_KEY).',
    );
  }
  logger.info(`llmux proxy running on ${listening}`);

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await server.close();
    } finally {
      await router.close();
      await database.close();
      logger.info('llmux proxy stopped');
      await flushLogger(logger);
    }
  };

  return {
    url: server.url,
    host: options.host,
    port: server.port,
    configPath,
    logger,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
