import type { IdempotencyStore, IdempotencyStoreOptions } from './idempotency.js';
import { createMemoryIdempotencyStore } from './memory-idempotency-store.js';
import { createRedisIdempotencyStore } from './redis-idempotency-store.js';

/** Keys in Redis, shared by every replica, with this process's memory while Redis fails; memory alone without Redis. */
export function createIdempotencyStore(options: IdempotencyStoreOptions): IdempotencyStore {
  const memory = createMemoryIdempotencyStore({
    ttlSeconds: options.ttlSeconds,
    now: options.now,
  });
  if (!options.redis) return memory;
  return createRedisIdempotencyStore({ ...options, redis: options.redis, fallback: memory });
}
