import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** How long one command may take before it counts as a failure (a cache miss, a local quota). */
const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 2_000;
/** Reconnect backoff ceiling: a lost Redis is retried forever, at most this far apart. */
const MAX_RECONNECT_DELAY_MS = 2_000;

export interface RedisConnectionOptions {
  /** Shown by `CLIENT LIST`, so an operator can tell the gateway's connections apart. */
  readonly name: string;
  /** Blocking reads (XREAD BLOCK) wait longer than any command timeout. @default false */
  readonly blocking?: boolean;
}

/**
 * One connection tuned so Redis can never slow the gateway down: while Redis is unreachable,
 * commands fail at once instead of queueing, and the client keeps reconnecting. Only the Redis
 * owner (`redis-owner.ts`) calls this.
 */
export function createRedisConnection(
  url: string,
  logger: Logger,
  { name, blocking = false }: RedisConnectionOptions,
): Redis {
  const redis = new Redis(url, {
    connectionName: `bcgw:${name}`,
    // Commands issued while disconnected reject immediately rather than waiting for a reconnect.
    enableOfflineQueue: false,
    // Commands in flight when the connection drops reject rather than being replayed later.
    maxRetriesPerRequest: 0,
    ...(blocking ? {} : { commandTimeout: COMMAND_TIMEOUT_MS }),
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
  // Without a listener ioredis prints every reconnect failure; the owner logs the outage once.
  redis.on('error', (error: Error) => {
    logger.debug({ err: error, connection: name }, 'redis connection error');
  });
  return redis;
}

/** Closes a connection whether or not it is up, without waiting on a dead server. */
export async function closeRedisConnection(redis: Redis): Promise<void> {
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
