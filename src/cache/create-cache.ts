import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { CacheStore } from './cache.js';
import { createRedisInvalidationBus } from './invalidation-bus.js';
import { createMemoryCache } from './memory-cache.js';
import { createRedisCache } from './redis-cache.js';
import { closeRedisClient, createRedisClient } from './redis-client.js';
import { createTieredCache } from './tiered-cache.js';

/** Versioned so a change of stored format never reads another version's values. */
export const CACHE_KEY_PREFIX = 'bcgw:v1:';
export const INVALIDATION_CHANNEL = `${CACHE_KEY_PREFIX}invalidate`;

export interface ConfiguredCache {
  readonly store: CacheStore;
  /** Closes the store and the Redis connections it opened. */
  close(): Promise<void>;
}

/**
 * Memory in front of Redis (shared by replicas, evictions broadcast) when `REDIS_URL` is set;
 * otherwise memory only, which is right for a single replica.
 */
export function createCacheFromConfig(config: Config, logger: Logger): ConfiguredCache {
  const memory = createMemoryCache({
    maxEntries: config.cache.memoryMaxEntries,
    maxBytes: config.cache.memoryMaxBytes,
  });
  if (!config.redisUrl) return { store: memory, close: () => memory.close() };

  const log = logger.child({ component: 'cache' });
  const redis = createRedisClient(config.redisUrl, log);
  const subscriber = createRedisClient(config.redisUrl, log);
  const bus = createRedisInvalidationBus({
    publisher: redis,
    subscriber,
    channel: INVALIDATION_CHANNEL,
    logger: log,
  });
  const store = createTieredCache({
    l1: memory,
    l2: createRedisCache({ redis, prefix: CACHE_KEY_PREFIX, logger: log }),
    bus,
  });
  return {
    store,
    async close() {
      await store.close();
      await bus.close();
      await Promise.all([closeRedisClient(redis), closeRedisClient(subscriber)]);
    },
  };
}
