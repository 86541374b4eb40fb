export interface EntityCacheOptions {
  /** How long a row read from the database is trusted. Default 60 000 ms (as the key cache). */
  ttlMs?: number | undefined;
  /** Most entries held; the oldest goes first. Default 10 000. */
  maxEntries?: number | undefined;
}

/**
 * Rows by id, in memory, for a TTL and a bounded number of entries; `null` remembers that no
 * row has the id, so unknown ids do not reach the database on every request either.
 * Concurrent loads of one id share one query.
 */
export interface EntityCache<T> {
  /** The cached row, or loads it with `fetch` (once for concurrent callers) and caches it. */
  getOrLoad(id: string, fetch: () => Promise<T | null>): Promise<T | null>;
  /** The cached entry while fresh (its `value` may be null: no such row); else undefined. */
  peek(id: string): { readonly value: T | null } | undefined;
  /** Drops the entry; a load under way when this is called is not cached. */
  delete(id: string): void;
  readonly size: number;
}

/**
 * @example
 * const teams = createEntityCache<BudgetHolder>();
 * const team = await teams.getOrLoad(teamId, async () => toTeamLimits(await findTeam(db, teamId)));
 */
export function createEntityCache<T>(options: EntityCacheOptions = {}): EntityCache<T> {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  const entries = new Map<string, { value: T | null; storedAt: number }>();
  const loading = new Map<string, Promise<T | null>>();
  /** Loads under way when their id was deleted: their rows may predate the change. */
  const superseded = new WeakSet<Promise<T | null>>();

  function store(id: string, value: T | null): void {
    entries.delete(id);
    while (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    entries.set(id, { value, storedAt: performance.now() });
  }

  return {
    peek(id) {
      const entry = entries.get(id);
      return entry && performance.now() - entry.storedAt < ttlMs ? entry : undefined;
    },
    getOrLoad(id, fetch) {
      const entry = entries.get(id);
      if (entry && performance.now() - entry.storedAt < ttlMs) return Promise.resolve(entry.value);
      if (entry) entries.delete(id);
      const pending = loading.get(id);
      if (pending) return pending;
      const load: Promise<T | null> = fetch().then(
        value => {
          if (loading.get(id) === load) loading.delete(id);
          if (!superseded.has(load)) store(id, value);
          return value;
        },
        error => {
          if (loading.get(id) === load) loading.delete(id);
          throw error;
        },
      );
      loading.set(id, load);
      return load;
    },
    delete(id) {
      entries.delete(id);
      const pending = loading.get(id);
      if (pending) superseded.add(pending);
      loading.delete(id);
    },
    get size() {
      return entries.size;
    },
  };
}
