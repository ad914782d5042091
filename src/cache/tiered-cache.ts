import type { CacheEntry, CacheStore } from './cache.js';
import type { InvalidationBus } from './invalidation-bus.js';

export interface TieredCacheOptions {
  /** Small in-process cache in front (`createMemoryCache`). */
  readonly l1: CacheStore;
  /** The shared cache (`createRedisCache`); it is the source of truth between replicas. */
  readonly l2: CacheStore;
  /** Carries this replica's evictions to the others so they drop their L1 copies. */
  readonly bus: InvalidationBus;
  /**
   * Longest an entry lives in L1. It bounds staleness when an invalidation message is lost
   * (Redis down, reconnect), so keep it short. @default 5000
   */
  readonly l1TtlCapMs?: number;
}

// L1 copies filled from L2 must still answer `deleteByTags`, so L2 values carry their tags:
// `<JSON array of tags>\n<value>`. JSON escapes newlines, so the first one ends the header.
const encode = (value: string, tags: readonly string[] = []) => `${JSON.stringify(tags)}\n${value}`;

function decode(raw: string): { value: string; tags: string[] } | undefined {
  const newline = raw.indexOf('\n');
  if (newline < 0) return undefined;
  try {
    const tags: unknown = JSON.parse(raw.slice(0, newline));
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) return undefined;
    return { value: raw.slice(newline + 1), tags };
  } catch {
    return undefined;
  }
}

/** Memory in front of Redis: warm reads stay in process, evictions reach every replica. */
export function createTieredCache(options: TieredCacheOptions): CacheStore {
  const { l1, l2, bus, l1TtlCapMs = 5_000 } = options;
  // Bumped by every eviction, local or heard from the bus: a read that raced one must not refill
  // L1 with the value just evicted.
  let epoch = 0;

  const toL1 = (entry: CacheEntry): CacheEntry => ({
    ...entry,
    ttlMs: Math.min(entry.ttlMs, l1TtlCapMs),
  });

  const unsubscribe = bus.subscribe(({ keys, tags }) => {
    epoch += 1;
    if (keys?.length) void l1.delete(keys);
    if (tags?.length) void l1.deleteByTags(tags);
  });

  return {
    async mget(keys) {
      const values = await l1.mget(keys);
      const missing = keys.flatMap((key, index) => (values[index] === undefined ? [key] : []));
      if (missing.length === 0) return values;

      const readAt = epoch;
      const found = await l2.mget(missing);
      const fills: CacheEntry[] = [];
      let next = 0;
      for (const [index, value] of values.entries()) {
        if (value !== undefined) continue;
        const raw = found[next++];
        const decoded = raw === undefined ? undefined : decode(raw);
        if (!decoded) continue;
        values[index] = decoded.value;
        fills.push({
          key: keys[index]!,
          value: decoded.value,
          tags: decoded.tags,
          ttlMs: l1TtlCapMs,
        });
      }
      if (fills.length > 0 && readAt === epoch) await l1.mset(fills);
      return values;
    },
    async mset(entries) {
      await Promise.all([
        l1.mset(entries.map(toL1)),
        l2.mset(entries.map((entry) => ({ ...entry, value: encode(entry.value, entry.tags) }))),
      ]);
    },
    async delete(keys) {
      epoch += 1;
      await Promise.all([l1.delete(keys), l2.delete(keys)]);
      await bus.publish({ keys });
    },
    async deleteByTags(tags) {
      epoch += 1;
      await Promise.all([l1.deleteByTags(tags), l2.deleteByTags(tags)]);
      await bus.publish({ tags });
    },
    async close() {
      unsubscribe();
      await Promise.all([l1.close(), l2.close()]);
    },
  };
}
