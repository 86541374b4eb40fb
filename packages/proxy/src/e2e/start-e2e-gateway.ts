import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import OpenAI from 'openai';
import { createApp, type LlmuxDatabase, openDatabase, parseProxyConfig, serve } from '../index.js';

const masterKey = 'sk-e2e-master-key';

export interface StartE2eGatewayOptions {
  /** The config's `model_list`, built from the mock provider's URL (for `api_base`). */
  modelList: (upstreamUrl: string) => unknown[];
  /** What `os.environ/…` references in the model list resolve to. */
  env?: NodeJS.ProcessEnv;
}

export interface E2eGateway {
  /** The mock provider the deployments point at. */
  upstream: MockProviderServer;
  /** The official openai client, signed in with the master key, never retrying. */
  client: OpenAI;
  /** The proxy's `http://127.0.0.1:<port>`. */
  url: string;
  /** The proxy's in-memory SQLite database. */
  database: LlmuxDatabase;
  /** Stops the proxy, then closes the database and the mock provider. */
  close(): Promise<void>;
}

/**
 * The proxy on a free port over an in-memory database, in front of a mock provider, with
 * the official openai client pointed at it.
 *
 * @example
 * const { client, upstream, close } = await startE2eGateway({
 *   modelList: url => [{ model_name: 'm', litellm_params: { model: 'groq/x', api_base: url } }],
 * });
 */
export async function startE2eGateway(options: StartE2eGatewayOptions): Promise<E2eGateway> {
  const upstream = await createMockProviderServer();
  try {
    const { config } = parseProxyConfig(
      {
        model_list: options.modelList(upstream.url),
        general_settings: { master_key: masterKey },
      },
      options.env ?? {},
    );
    const database = await openDatabase({ url: ':memory:' });
    const proxy = await serve({ app: createApp({ config, db: database }), port: 0 });
    return {
      upstream,
      client: new OpenAI({ apiKey: masterKey, baseURL: `${proxy.url}/v1`, maxRetries: 0 }),
      url: proxy.url,
      database,
      close: async () => {
        await proxy.close();
        await database.close();
        await upstream.close();
      },
    };
  } catch (error) {
    await upstream.close();
    throw error;
  }
}
