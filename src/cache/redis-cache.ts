import type { ChainableCommander } from 'ioredis';
import type { RedisOwner } from '../redis/redis-owner.js';
import type { CacheStore } from './cache.js';

export interface RedisCacheOptions {
  /** Its command connection and health are used; it is not closed by `close()`. */
  readonly redis: RedisOwner;
  /** Put in front of every key and tag set, e.g. `bcgw:v1:`. */
  readonly prefix: string;
}

/** Tag sets live under their own namespace so a tag can never collide with a cache key. */
const TAG_NAMESPACE = 'tag:';

/** Keys per DEL, so one eviction of a huge tag set does not block Redis for long. */
const DELETE_CHUNK = 500;

/**
 * KEYS[1] a tag set; ARGV[1] ms. Sets the TTL when the set has none or a shorter one: a tag set
 * outlives every entry it names. (`PEXPIRE … GT` does this in one command but needs Redis 7.)
 */
export const EXTEND_TTL_LUA = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return 0`;

interface CacheCommands {
  bcgwExtendTtl(key: string, ttlMs: number): ChainableCommander;
}

/**
 * The cache shared by every gateway replica. Redis going away never fails a call: reads answer
 * misses and writes are dropped until it is back. Keys of one store share a Cluster slot
 * (`storeHashTag`), which the multi-key commands below rely on.
 */
export function createRedisCache({ redis: owner, prefix }: RedisCacheOptions): CacheStore {
  const redis = owner.commands;
  redis.defineCommand('bcgwExtendTtl', { numberOfKeys: 1, lua: EXTEND_TTL_LUA });
  const keyOf = (key: string) => `${prefix}${key}`;
  const tagOf = (tag: string) => `${prefix}${TAG_NAMESPACE}${tag}`;

  const attempt = <T>(fallback: T, run: () => Promise<T>): Promise<T> =>
    owner.health.track(run).catch(() => fallback);

  /** Pipelines reject only on transport errors; per-command errors come back in the results. */
  const exec = async (pipeline: ChainableCommander) => {
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error)?.[0];
    if (failure) throw failure;
    return results.map(([, result]) => result);
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
        const scripted = pipeline as ChainableCommander & CacheCommands;
        for (const [tag, ttlMs] of tagTtls) scripted.bcgwExtendTtl(tagOf(tag), ttlMs);
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
        const sets = tags.map(tagOf);
        const read = redis.pipeline();
        for (const set of sets) read.smembers(set);
        const members = (await exec(read)) as string[][];
        const keys = [...new Set(members.flat())];
        if (keys.length === 0) return;
        // Every key named, in one transaction: the entries go, and leave their sets. A key added
        // to a set after the read stays in it, so the next eviction of that tag still finds it.
        const evict = redis.multi();
        for (let i = 0; i < keys.length; i += DELETE_CHUNK) {
          evict.del(...keys.slice(i, i + DELETE_CHUNK));
        }
        for (const [index, set] of sets.entries()) {
          const named = members[index] ?? [];
          for (let i = 0; i < named.length; i += DELETE_CHUNK) {
            evict.srem(set, ...named.slice(i, i + DELETE_CHUNK));
          }
        }
        await exec(evict);
      });
    },
    async close() {},
  };
}
