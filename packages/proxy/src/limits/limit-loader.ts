import { budgetWindowEnd, budgetWindowStart } from '@llmux/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { type BudgetTable, resetBudget } from '../db/repositories/budget-reset.repository.js';
import { findEndUser } from '../db/repositories/end-user.repository.js';
import { sumKeyModelSpend } from '../db/repositories/key-model-spend.repository.js';
import { findTeam } from '../db/repositories/team.repository.js';
import { findUser } from '../db/repositories/user.repository.js';
import type { CachedKey } from '../keys/key-cache.js';
import { toEndUserLimits, toTeamLimits, toUserLimits } from './budget-holder.js';
import { createEntityCache, type EntityCache, type EntityCacheOptions } from './entity-cache.js';
import type {
  BudgetHolder,
  EndUserLimits,
  KeyModelBudget,
  LimitEntity,
  LimitSubjects,
  TeamLimits,
} from './limit-subjects.js';
import type { AccessGroupsOf } from './model-access.js';
import type { RequestLimiter } from './request-limiter.js';

export interface LimitRequest {
  /** The virtual key; undefined for the master key or an open proxy. */
  key?: CachedKey | undefined;
  /** The end user (the request's `user`, or its customer header); '' or undefined = none. */
  endUserId?: string | undefined;
  modelGroup: string;
}

/**
 * Loads, before a request is admitted, the rows its budgets and limits need: the key's team,
 * its owner, the end user, the key's spend on the model group in its `model_max_budget`
 * window. Rows come from TTL caches (evicted on change through `invalidate`); a row whose
 * `budget_reset_at` has passed starts its next window first (lazily: nothing resets a budget
 * nobody uses).
 */
export interface LimitLoader {
  /**
   * Synchronous when every row the request needs is cached and no budget is due for a reset
   * (the common case: no promise per request); else a promise.
   */
  load(request: LimitRequest): LimitSubjects | Promise<LimitSubjects>;
  /** The team's row as `load` reads it (cached); undefined when no team has the id. */
  team(teamId: string): Promise<TeamLimits | undefined>;
  /**
   * A user, team or end user was changed or deleted on this instance: drop its cached row and
   * its ledger's spend, so the next request reads it again.
   */
  invalidate(entity: Exclude<LimitEntity, 'key'>, id: string): void;
}

export interface LimitLoaderOptions {
  db: Kysely<Database>;
  limiter: RequestLimiter;
  /** TTL and size of each cache (users, teams, end users, model-budget windows). */
  cache?: EntityCacheOptions | undefined;
  /** Clock in ms since epoch (tests). Default `Date.now`. */
  now?: (() => number) | undefined;
  /** The access groups of a model group, for the team's `models`. Default: none. */
  accessGroups?: AccessGroupsOf | undefined;
}

/** A row that must be read (or a budget reset) before the request can be admitted. */
const miss: unique symbol = Symbol('miss');

const tables: Record<Exclude<LimitEntity, 'key'>, BudgetTable> = {
  user: 'llmux_users',
  team: 'llmux_teams',
  end_user: 'llmux_end_users',
};

/**
 * @example
 * const limits = createLimitLoader({ db, limiter });
 * const subjects = await limits.load({ key, endUserId: body.user, modelGroup });
 * const admission = limiter.admit(subjects, reservePico); // synchronous: no await in between
 */
export function createLimitLoader(options: LimitLoaderOptions): LimitLoader {
  const { db, limiter } = options;
  const now = options.now ?? Date.now;
  const caches = {
    user: createEntityCache<BudgetHolder>(options.cache),
    team: createEntityCache<TeamLimits>(options.cache),
    end_user: createEntityCache<EndUserLimits>(options.cache),
  };
  const windows = createEntityCache<KeyModelBudget>(options.cache);
  const accessGroups = options.accessGroups ?? (() => []);
  const fetchers = {
    user: async (id: string) => {
      const row = await findUser(db, id);
      return row ? toUserLimits(row) : null;
    },
    team: async (id: string) => {
      const row = await findTeam(db, id);
      return row ? toTeamLimits(row) : null;
    },
    end_user: async (id: string) => {
      const row = await findEndUser(db, id);
      return row ? toEndUserLimits(row) : null;
    },
  };
  /** Resets under way, so concurrent requests reset (and invalidate) an entity once. */
  const resets = new Map<string, Promise<void>>();

  function invalidate(entity: Exclude<LimitEntity, 'key'>, id: string): void {
    caches[entity].delete(id);
    limiter.invalidate(entity, id);
  }

  async function resetBudgetOf(
    entity: Exclude<LimitEntity, 'key'>,
    holder: BudgetHolder,
    previousResetAt: string,
    nextResetAt: number,
  ): Promise<void> {
    const resetId = `${entity}:${holder.id}`;
    let reset = resets.get(resetId);
    if (!reset) {
      reset = resetBudget(
        db,
        tables[entity],
        holder.id,
        previousResetAt,
        new Date(nextResetAt).toISOString(),
      ).then(
        // Reset here or by another instance: either way the row is read again, spend as is.
        () => invalidate(entity, holder.id),
        () => invalidate(entity, holder.id),
      );
      const settled = reset.finally(() => resets.delete(resetId));
      resets.set(resetId, settled);
      reset = settled;
    }
    await reset;
  }

  async function loadEntity<T extends BudgetHolder>(
    entity: Exclude<LimitEntity, 'key'>,
    id: string,
    cache: EntityCache<T>,
    fetch: (id: string) => Promise<T | null>,
  ): Promise<T | undefined> {
    const holder = await cache.getOrLoad(id, () => fetch(id));
    if (!holder || holder.budgetResetAt === null || holder.budgetDuration === null)
      return holder ?? undefined;
    const time = now();
    if (!(Date.parse(holder.budgetResetAt) <= time)) return holder;
    let next: number;
    try {
      next = budgetWindowEnd(holder.budgetDuration, time);
    } catch {
      return holder;
    }
    await resetBudgetOf(entity, holder, holder.budgetResetAt, next);
    return (await cache.getOrLoad(id, () => fetch(id))) ?? undefined;
  }

  async function loadKeyModel(
    key: CachedKey,
    modelGroup: string,
  ): Promise<KeyModelBudget | undefined> {
    const budget = key.modelMaxBudget[modelGroup];
    if (!budget) return undefined;
    const windowStart = budgetWindowStart(budget.timePeriod, now());
    const windowId = JSON.stringify([key.token, modelGroup, budget.timePeriod, windowStart]);
    const loaded = await windows.getOrLoad(windowId, async () => ({
      modelGroup,
      budgetLimitPico: budget.budgetLimitPico,
      timePeriod: budget.timePeriod,
      windowStart,
      spendPico: await sumKeyModelSpend(
        db,
        key.token,
        modelGroup,
        new Date(windowStart).toISOString(),
      ),
    }));
    return loaded ? { ...loaded, budgetLimitPico: budget.budgetLimitPico } : undefined;
  }

  const loadTeam = (teamId: string) => loadEntity('team', teamId, caches.team, fetchers.team);

  const modelOf = (group: string) => ({ group, accessGroups: accessGroups(group) });

  /** The cached holder when it needs no reset now; `miss` when it must be loaded. */
  function cachedEntity<T extends BudgetHolder>(
    cache: EntityCache<T>,
    id: string | null | undefined,
  ): T | undefined | typeof miss {
    if (!id) return undefined;
    const entry = cache.peek(id);
    if (!entry) return miss;
    const holder = entry.value;
    if (!holder) return undefined;
    if (holder.budgetResetAt !== null && holder.budgetDuration !== null) {
      if (Date.parse(holder.budgetResetAt) <= now()) return miss;
    }
    return holder;
  }

  function cachedKeyModel(
    key: CachedKey,
    modelGroup: string,
  ): KeyModelBudget | undefined | typeof miss {
    const budget = key.modelMaxBudget[modelGroup];
    if (!budget) return undefined;
    const windowStart = budgetWindowStart(budget.timePeriod, now());
    const entry = windows.peek(
      JSON.stringify([key.token, modelGroup, budget.timePeriod, windowStart]),
    );
    if (!entry) return miss;
    return entry.value ? { ...entry.value, budgetLimitPico: budget.budgetLimitPico } : undefined;
  }

  function loadCached({ key, endUserId, modelGroup }: LimitRequest): LimitSubjects | undefined {
    const team = cachedEntity(caches.team, key?.teamId);
    if (team === miss) return undefined;
    const user = cachedEntity(caches.user, key?.userId);
    if (user === miss) return undefined;
    const endUser = cachedEntity(caches.end_user, endUserId);
    if (endUser === miss) return undefined;
    const keyModel = key ? cachedKeyModel(key, modelGroup) : undefined;
    if (keyModel === miss) return undefined;
    return { key, keyModel, team, model: modelOf(modelGroup), user, endUser };
  }

  async function loadAll({ key, endUserId, modelGroup }: LimitRequest): Promise<LimitSubjects> {
    const [team, user, endUser, keyModel] = await Promise.all([
      key?.teamId ? loadTeam(key.teamId) : undefined,
      key?.userId ? loadEntity('user', key.userId, caches.user, fetchers.user) : undefined,
      endUserId ? loadEntity('end_user', endUserId, caches.end_user, fetchers.end_user) : undefined,
      key ? loadKeyModel(key, modelGroup) : undefined,
    ]);
    return { key, keyModel, team, model: modelOf(modelGroup), user, endUser };
  }

  return {
    load: request => loadCached(request) ?? loadAll(request),
    team: loadTeam,
    invalidate,
  };
}
