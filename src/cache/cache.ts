/** One entry handed to {@link CacheStore.mset}. */
export interface CacheEntry {
  readonly key: string;
  /** Raw string value; callers serialise (the entity cache stores JSON envelopes). */
  readonly value: string;
  /** Time to live in milliseconds; must be a positive integer. */
  readonly ttlMs: number;
  /** Tags `deleteByTags` can later evict this key by (build them with `keys.ts`). */
  readonly tags?: readonly string[];
}

/**
 * A shared string cache. Implementations: memory (`memory-cache.ts`), Redis (`redis-cache.ts`)
 * and memory-in-front-of-Redis (`tiered-cache.ts`). Keys come only from `keys.ts`.
 *
 * Contract: no method rejects because the backing store is unavailable; a read that cannot be
 * answered is a miss and a write that cannot be applied is dropped.
 */
export interface CacheStore {
  /** Values in the order of `keys`; `undefined` for a miss. */
  mget(keys: readonly string[]): Promise<(string | undefined)[]>;
  mset(entries: readonly CacheEntry[]): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  /** Evicts every key written with any of `tags`. */
  deleteByTags(tags: readonly string[]): Promise<void>;
  /** Releases what the store created itself; injected clients stay open. */
  close(): Promise<void>;
}
