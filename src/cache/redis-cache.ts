import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { CacheStore } from './cache.js';
import { createRedisHealth } from './redis-health.js';

export interface RedisCacheOptions {
  /** A client from `createRedisClient` (fails fast while Redis is down). Not closed by `close()`. */
  readonly redis: Redis;
  /** Put in front of every key and tag set, e.g. `bcgw:v1:`. */
  readonly prefix: string;
  readonly logger: Logger;
}

/** Tag sets live under their own namespace so a tag can never collide with a cache key. */
const TAG_NAMESPACE = 'tag:';

// Atomic so a key written between reading a tag set and deleting it cannot escape the eviction.
const DELETE_BY_TAGS_SCRIPT = `
for _, tag in ipairs(KEYS) do
  local members = redis.call('SMEMBERS', tag)
  for i = 1, #members, 500 do
    redis.call('DEL', unpack(members, i, math.min(i + 499, #members)))
  end
  redis.call('DEL', tag)
end
return 0`;

/**
 * The cache shared by every gateway replica. Redis going away never fails a call: reads answer
 * misses and writes are dropped until it is back.
 */
export function createRedisCache({ redis, prefix, logger }: RedisCacheOptions): CacheStore {
  const health = createRedisHealth(redis, logger, 'cache');
  const keyOf = (key: string) => `${prefix}${key}`;
  const tagOf = (tag: string) => `${prefix}${TAG_NAMESPACE}${tag}`;

  const attempt = async <T>(fallback: T, run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      health.succeeded();
      return result;
    } catch (error) {
      health.failed(error);
      return fallback;
    }
  };

  /** Pipelines reject only on transport errors; per-command errors come back in the results. */
  const exec = async (pipeline: ReturnType<Redis['pipeline']>) => {
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error)?.[0];
    if (failure) throw failure;
  };

  return {
    async mget(keys) {
      if (keys.length === 0) return [];
      const misses = keys.map(() => undefined);
      return attempt(misses, async () => {
        const values = await redis.mget(keys.map(keyOf));
        return values.map((value) => value ?? undefined);
      });
    },
    async mset(entries) {
      if (entries.length === 0) return;
      await attempt(undefined, async () => {
        const pipeline = redis.pipeline();
        const tagTtls = new Map<string, number>();
        for (const { key, value, ttlMs, tags = [] } of entries) {
          pipeline.set(keyOf(key), value, 'PX', ttlMs);
          for (const tag of tags) {
            pipeline.sadd(tagOf(tag), keyOf(key));
            tagTtls.set(tag, Math.max(tagTtls.get(tag) ?? 0, ttlMs));
          }
        }
        // A tag set outlives every entry it names: set a TTL on a new set, only ever extend one.
        for (const [tag, ttlMs] of tagTtls) {
          pipeline.pexpire(tagOf(tag), ttlMs, 'NX');
          pipeline.pexpire(tagOf(tag), ttlMs, 'GT');
        }
        await exec(pipeline);
      });
    },
    async delete(keys) {
      if (keys.length === 0) return;
      await attempt(undefined, async () => {
        await redis.del(...keys.map(keyOf));
      });
    },
    async deleteByTags(tags) {
      if (tags.length === 0) return;
      await attempt(undefined, async () => {
        await redis.eval(DELETE_BY_TAGS_SCRIPT, tags.length, ...tags.map(tagOf));
      });
    },
    async close() {
      health.dispose();
    },
  };
}
