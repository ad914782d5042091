import { persistedDocumentKey } from '../cache/keys.js';
import { createMemoryCache } from '../cache/memory-cache.js';
import { createRedisCache } from '../cache/redis-cache.js';
import { REDIS_KEY_PREFIX } from '../redis/redis-keys.js';
import type { RedisOwner } from '../redis/redis-owner.js';

/** Documents registered by automatic persisted queries (APQ), by SHA-256. */
export interface PersistedDocumentStore {
  /** The document registered under `sha256Hex`, if any replica registered it and it is still kept. */
  get(sha256Hex: string): Promise<string | undefined>;
  /**
   * Keeps `document` under `sha256Hex` (the caller has checked that it is its hash). Never
   * rejects; a document over the size bound, or a write Redis cannot take, is not kept.
   */
  register(sha256Hex: string, document: string): Promise<void>;
}

export interface PersistedDocumentStoreOptions {
  /** Shared by every replica when present; memory only without it. */
  readonly redis: RedisOwner | undefined;
  readonly storeHash: string;
  /** How long a registration is kept; a client that finds it gone registers again. @default 1 day */
  readonly ttlMs?: number;
  /** The largest document kept, in UTF-8 bytes. @default 64 KiB */
  readonly maxDocumentBytes?: number;
  /** Bounds of this replica's copy. @default 2000 documents, 16 MiB */
  readonly memoryMaxEntries?: number;
  readonly memoryMaxBytes?: number;
}

/**
 * This replica's bounded memory in front of Redis. Documents are named by their own hash, so a
 * copy can never be out of date: nothing needs evicting across replicas, and the memory layer
 * serves a hit without a Redis round trip. Redis going away turns the store into memory only.
 */
export function createPersistedDocumentStore(
  options: PersistedDocumentStoreOptions,
): PersistedDocumentStore {
  const ttlMs = options.ttlMs ?? 86_400_000;
  const maxDocumentBytes = options.maxDocumentBytes ?? 64 * 1024;
  const memory = createMemoryCache({
    maxEntries: options.memoryMaxEntries ?? 2_000,
    maxBytes: options.memoryMaxBytes ?? 16 * 1024 * 1024,
  });
  const shared = options.redis
    ? createRedisCache({ redis: options.redis, prefix: REDIS_KEY_PREFIX })
    : undefined;
  const keyOf = (hash: string) => persistedDocumentKey(options.storeHash, hash);

  return {
    async get(hash) {
      const key = keyOf(hash);
      const [local] = await memory.mget([key]);
      if (local !== undefined || !shared) return local;
      const [found] = await shared.mget([key]);
      if (found !== undefined) await memory.mset([{ key, value: found, ttlMs }]);
      return found;
    },
    async register(hash, document) {
      if (Buffer.byteLength(document, 'utf8') > maxDocumentBytes) return;
      const entry = { key: keyOf(hash), value: document, ttlMs };
      await Promise.all([memory.mset([entry]), shared?.mset([entry])]);
    },
  };
}
