import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createCacheFromConfig } from '../../../src/cache/create-cache.js';
import { entityKey, entityTag } from '../../../src/cache/keys.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createRedisOwner } from '../../../src/redis/redis-owner.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../../helpers/redis-server.js';

const logger = createLogger('silent');
const env = { BIGCOMMERCE_STORE_HASH: 'abc123', BIGCOMMERCE_ACCESS_TOKEN: 'token' };
const redisUp = await sharedRedisAvailable();
describe('createCacheFromConfig', () => {
  it('uses memory alone without a Redis owner', async () => {
    const { store, close } = createCacheFromConfig(loadConfig(env), logger, undefined);
    await store.mset([{ key: 'k', value: 'v', ttlMs: 1_000 }]);
    expect(await store.mget(['k'])).toEqual(['v']);
    await close();
  });

  it.skipIf(!redisUp)('writes through to Redis under versioned, store-tagged keys', async () => {
    const config = loadConfig({ ...env, REDIS_URL: sharedRedisUrl });
    const redis = createRedisOwner({ url: sharedRedisUrl, logger });
    await redis.ready();
    const { store, close } = createCacheFromConfig(config, logger, redis);
    const id = Math.floor(Math.random() * 1e9);
    const key = entityKey({ storeHash: 'abc123', resource: 'product', id, shape: 'default' });
    const raw = new Redis(sharedRedisUrl);
    try {
      await store.mset([
        { key, value: 'v', ttlMs: 10_000, tags: [entityTag('abc123', 'product', id)] },
      ]);
      // Spelled out: a change of prefix, version or hash tag must be a deliberate one.
      const stored = `bcgw:v1:e:{abc123}:product:${id}:default`;
      const tagSet = `bcgw:v1:tag:et:{abc123}:product:${id}`;
      expect(await raw.exists(stored)).toBe(1);
      expect(await raw.smembers(tagSet)).toEqual([stored]);
      expect(await raw.pttl(tagSet)).toBeGreaterThan(9_000);
      expect(await store.mget([key])).toEqual(['v']);
      await store.delete([key]);
      expect(await raw.exists(stored)).toBe(0);
    } finally {
      await close();
      await redis.close();
      await raw.quit();
    }
  });
});
