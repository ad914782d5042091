import { LRUCache } from 'lru-cache';
import type { RedisOwner } from '../redis/redis-owner.js';

/**
 * "Has this id been taken already?" across replicas: `SET NX` in Redis, a memory LRU without it.
 * The LRU also remembers what went to Redis, so a redelivery to this replica during an outage
 * is still caught here.
 */
export interface OnceMarks {
  /** True the first time `id` is taken within the TTL; false for every later attempt. */
  take(id: string): Promise<boolean>;
  /** Forgets `id` (the work it guarded did not happen), so a later attempt may take it. */
  release(id: string): Promise<void>;
}

export interface OnceMarksOptions {
  readonly redis: RedisOwner | undefined;
  /** The Redis key of one id (built with `storeKey`). */
  readonly keyOf: (id: string) => string;
  readonly ttlMs: number;
  /** Ids the memory fallback keeps. @default 100_000 */
  readonly maxInMemory?: number;
}

export function createOnceMarks(options: OnceMarksOptions): OnceMarks {
  const { redis, keyOf, ttlMs } = options;
  const local = new LRUCache<string, true>({ max: options.maxInMemory ?? 100_000, ttl: ttlMs });

  const takeLocally = (id: string) => {
    if (local.has(id)) return false;
    local.set(id, true);
    return true;
  };

  return {
    async take(id) {
      if (redis?.health.isAvailable()) {
        try {
          const set = await redis.health.track(() =>
            redis.commands.set(keyOf(id), '1', 'PX', ttlMs, 'NX'),
          );
          local.set(id, true);
          return set === 'OK';
        } catch {
          // Redis went away: this replica's memory decides, as without Redis.
        }
      }
      return takeLocally(id);
    },
    async release(id) {
      local.delete(id);
      if (!redis?.health.isAvailable()) return;
      await redis.health.track(() => redis.commands.del(keyOf(id))).catch(() => undefined);
    },
  };
}
