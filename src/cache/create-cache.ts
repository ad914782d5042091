import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { INVALIDATION_CHANNEL, REDIS_KEY_PREFIX } from '../redis/redis-keys.js';
import type { RedisOwner } from '../redis/redis-owner.js';
import type { CacheStore } from './cache.js';
import { createRedisInvalidationBus } from './invalidation-bus.js';
import { createMemoryCache } from './memory-cache.js';
import { createRedisCache } from './redis-cache.js';
import { createTieredCache } from './tiered-cache.js';

export interface ConfiguredCache {
  readonly store: CacheStore;
  /** Closes the store and its bus; the Redis connections belong to the owner. */
  close(): Promise<void>;
}

/**
 * Memory in front of Redis (shared by replicas, evictions broadcast) when there is a Redis owner;
 * otherwise memory only, which is right for a single replica.
 */
export function createCacheFromConfig(
  config: Config,
  logger: Logger,
  redis: RedisOwner | undefined,
): ConfiguredCache {
  const memory = createMemoryCache({
    maxEntries: config.cache.memoryMaxEntries,
    maxBytes: config.cache.memoryMaxBytes,
  });
  if (!redis) return { store: memory, close: () => memory.close() };

  const bus = createRedisInvalidationBus({
    redis,
    channel: INVALIDATION_CHANNEL,
    logger: logger.child({ component: 'cache' }),
  });
  const store = createTieredCache({
    l1: memory,
    l2: createRedisCache({ redis, prefix: REDIS_KEY_PREFIX }),
    bus,
  });
  return {
    store,
    async close() {
      await store.close();
      await bus.close();
    },
  };
}
