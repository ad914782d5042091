import type { Logger } from '../logger.js';

/**
 * Whether Redis answers, as one state for every user of the owner's connections (cache,
 * invalidation bus, quota governor): an outage is logged once when it starts and once when it ends,
 * however many users notice it.
 */
export interface RedisHealth {
  /** Record a failed call; the first one of an outage logs at warn. */
  failed(error: unknown): void;
  /** Record a call that succeeded; the first one after an outage logs at info. */
  succeeded(): void;
  /** False from the first failure of an outage until the next success. */
  isAvailable(): boolean;
  /** Runs one Redis call, recording how it went; a failure is recorded, then thrown on. */
  track<T>(run: () => Promise<T>): Promise<T>;
  /** Redis is not to be used at all (the owner refused its server): down for good, silently. */
  disable(): void;
}

export function createRedisHealth(logger: Logger): RedisHealth {
  let down = false;
  let disabled = false;
  return {
    failed(error) {
      if (down || disabled) return;
      down = true;
      logger.warn(
        { err: error },
        'redis unavailable, continuing without it: cache misses, per-replica quota, no cross-replica evictions',
      );
    },
    succeeded() {
      if (!down || disabled) return;
      down = false;
      logger.info('redis available again');
    },
    isAvailable: () => !down && !disabled,
    async track(run) {
      try {
        const result = await run();
        this.succeeded();
        return result;
      } catch (error) {
        this.failed(error);
        throw error;
      }
    },
    disable() {
      disabled = true;
    },
  };
}
