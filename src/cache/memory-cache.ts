import { LRUCache } from 'lru-cache';
import type { CacheEntry, CacheStore } from './cache.js';

/** Bounds of the in-process cache; both apply, whichever is hit first evicts. */
export interface MemoryCacheOptions {
  /** Most entries held. */
  readonly maxEntries: number;
  /** Most bytes held, counted as the UTF-8 length of key plus value. */
  readonly maxBytes: number;
}

export interface MemoryCache extends CacheStore {
  /** Current size; `bytes` never exceeds `maxBytes`. */
  stats(): { entries: number; bytes: number };
}

interface Stored {
  readonly value: string;
  readonly tags: readonly string[];
}

/** An LRU cache in this process: fast, bounded, not shared between replicas. */
export function createMemoryCache(options: MemoryCacheOptions): MemoryCache {
  const tagIndex = new Map<string, Set<string>>();

  const unindex = (key: string, tags: readonly string[]) => {
    for (const tag of tags) {
      const keys = tagIndex.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) tagIndex.delete(tag);
    }
  };

  const lru = new LRUCache<string, Stored>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (stored, key) =>
      Math.max(1, Buffer.byteLength(key) + Buffer.byteLength(stored.value)),
    // Every way an entry leaves (eviction, expiry, overwrite, delete) keeps the tag index exact.
    dispose: (stored, key) => unindex(key, stored.tags),
  });

  const set = ({ key, value, ttlMs, tags = [] }: CacheEntry) => {
    lru.set(key, { value, tags }, { ttl: ttlMs });
    // An entry larger than the whole cache is refused by lru-cache; index only what was stored.
    if (!lru.has(key)) return;
    for (const tag of tags) {
      let keys = tagIndex.get(tag);
      if (!keys) {
        keys = new Set();
        tagIndex.set(tag, keys);
      }
      keys.add(key);
    }
  };

  return {
    async mget(keys) {
      return keys.map((key) => lru.get(key)?.value);
    },
    async mset(entries) {
      for (const entry of entries) set(entry);
    },
    async delete(keys) {
      for (const key of keys) lru.delete(key);
    },
    async deleteByTags(tags) {
      for (const tag of tags) {
        for (const key of [...(tagIndex.get(tag) ?? [])]) lru.delete(key);
        tagIndex.delete(tag);
      }
    },
    async close() {
      lru.clear();
      tagIndex.clear();
    },
    stats() {
      return { entries: lru.size, bytes: lru.calculatedSize };
    },
  };
}
