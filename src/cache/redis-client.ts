import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** How long one command may take before it counts as a failure (and a cache miss). */
const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 2_000;
/** Reconnect backoff ceiling: a lost Redis is retried forever, at most this far apart. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * A Redis connection tuned for a cache that must never slow the gateway down: while Redis is
 * unreachable, commands fail at once instead of queueing, and the client keeps reconnecting.
 * Callers treat failures as misses (`redis-cache.ts`) or dropped messages (`invalidation-bus.ts`).
 */
export function createRedisClient(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    connectionName: 'bcgw',
    // Commands issued while disconnected reject immediately rather than waiting for a reconnect.
    enableOfflineQueue: false,
    // Commands in flight when the connection drops reject rather than being replayed later.
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
  // Without a listener ioredis prints every reconnect failure; the cache logs the outage once.
  redis.on('error', (error: Error) => {
    logger.debug({ err: error }, 'redis connection error');
  });
  return redis;
}

/** Closes a client whether or not it is connected, without waiting on a dead server. */
export async function closeRedisClient(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // Fall through: the connection died while quitting.
    }
  }
  redis.disconnect();
}
