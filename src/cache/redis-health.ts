import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** Tracks whether Redis answers, so an outage is logged once when it starts and once when it ends. */
export interface RedisHealth {
  /** Record a command failure; the first one of an outage logs at warn. */
  failed(error: unknown): void;
  /** Record a success; the first one after an outage logs at info. */
  succeeded(): void;
  /** Stop listening to the client's connection events. */
  dispose(): void;
}

export function createRedisHealth(redis: Redis, logger: Logger, what: string): RedisHealth {
  let down = false;
  let disposed = false;

  const failed = (error: unknown) => {
    if (down || disposed) return;
    down = true;
    logger.warn({ err: error }, `${what}: redis unavailable, continuing without it`);
  };
  const succeeded = () => {
    if (!down || disposed) return;
    down = false;
    logger.info(`${what}: redis available again`);
  };
  const onClose = () => failed(new Error('connection closed'));

  redis.on('ready', succeeded);
  redis.on('close', onClose);
  return {
    failed,
    succeeded,
    dispose() {
      disposed = true;
      redis.off('ready', succeeded);
      redis.off('close', onClose);
    },
  };
}
