import { Router } from '@llmux/router';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.js';
import type { ProxyConfig } from './config/config-schema.js';
import { toRouterOptions } from './config/to-router-options.js';
import type { LlmuxDatabase } from './db/open-database.js';
import { createKeyCache, type KeyCache } from './keys/key-cache.js';
import { createKeyLimiter, type KeyLimiter } from './keys/key-limiter.js';
import { createLimitLoader } from './limits/limit-loader.js';
import { accessGroupsIn } from './limits/model-access.js';
import { type ProxyLogger, silentLogger } from './logger.js';
import { authenticate } from './middleware/authenticate.js';
import { handleError, handleNotFound } from './middleware/error-handler.js';
import { requestContext } from './middleware/request-context.js';
import { chatCompletions } from './routes/chat-completions.js';
import { registerCustomerRoutes } from './routes/customers/register-customer-routes.js';
import { embeddings } from './routes/embeddings.js';
import { liveness, readiness } from './routes/health.js';
import { registerKeyRoutes } from './routes/keys/register-key-routes.js';
import { models } from './routes/models.js';
import { registerSpendRoutes } from './routes/spend/register-spend-routes.js';
import { registerTeamRoutes } from './routes/teams/register-team-routes.js';
import { registerUserRoutes } from './routes/users/register-user-routes.js';

export interface CreateAppOptions {
  config: ProxyConfig;
  /** From `openDatabase()`; spend rows go through its writer. */
  db: LlmuxDatabase;
  logger?: ProxyLogger | undefined;
  /**
   * Defaults to a router over `config.model_list` (with `router_settings`). Pass your own to
   * close it on shutdown (`router.close()` ends its Redis connection).
   */
  router?: Router | undefined;
  /** Virtual keys read from the database (default: 60 s TTL, 10 000 keys). */
  keyCache?: KeyCache | undefined;
  /**
   * Budgets and rate limits of keys, teams, users and end users, per instance (default: a
   * new one).
   */
  keyLimiter?: KeyLimiter | undefined;
}

/** The key cache, its evictions also dropping the key's ledger (changed budget or spend). */
function invalidatingLedgers(cache: KeyCache, limiter: KeyLimiter): KeyCache {
  return {
    get: token => cache.get(token),
    set: key => cache.set(key),
    delete(token) {
      cache.delete(token);
      limiter.invalidate('key', token);
    },
    // A user's role changed: its keys are read again, their budgets are unchanged.
    deleteByUser: userId => cache.deleteByUser(userId),
    get size() {
      return cache.size;
    },
  };
}

/**
 * The proxy as a Hono app (it does not listen; see `serve()`, or call `app.request()` in
 * tests). Requests that fail auth or validation write no spend row; every request that
 * reaches a model writes exactly one.
 *
 * @example
 * const database = await openDatabase({ url: ':memory:' });
 * const app = createApp({ config, db: database });
 * const response = await app.request('/health/liveliness');
 */
export function createApp(options: CreateAppOptions): Hono<AppEnv> {
  const { config } = options;
  const logger = options.logger ?? silentLogger;
  const router = options.router ?? new Router({ ...toRouterOptions(config), logger });
  const limiter = options.keyLimiter ?? createKeyLimiter();
  const accessGroups = accessGroupsIn(router);
  const limits = createLimitLoader({ db: options.db.db, limiter, accessGroups });
  const dependencies = { router, spend: options.db.spend, logger, limiter, limits };
  const keyCache = invalidatingLedgers(options.keyCache ?? createKeyCache(), limiter);
  const auth = authenticate({
    masterKey: config.general_settings.master_key,
    db: options.db.db,
    keyCache,
  });

  const app = new Hono<AppEnv>();
  app.use(requestContext({ logger }));
  app.onError(handleError({ logger }));
  app.notFound(handleNotFound());

  app.get('/health/liveliness', liveness());
  app.get('/health/liveness', liveness());
  app.get('/health/readiness', readiness(options.db.db));

  registerKeyRoutes(app, auth, { db: options.db.db, keyCache, accessGroups });
  registerSpendRoutes(app, auth, { db: options.db.reports, config });
  registerUserRoutes(app, auth, { db: options.db.db, keyCache, limits });
  registerTeamRoutes(app, auth, { db: options.db.db, keyCache, limits });
  registerCustomerRoutes(app, auth, {
    db: options.db.db,
    modelNames: () => router.modelNames,
    limits,
  });

  for (const prefix of ['', '/v1']) {
    app.post(`${prefix}/chat/completions`, auth, chatCompletions(dependencies));
    app.post(`${prefix}/embeddings`, auth, embeddings(dependencies));
    app.get(`${prefix}/models`, auth, models(router, limits));
  }
  return app;
}
