import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { CACHE_KEY_PREFIX, createCacheFromConfig } from '../../../src/cache/create-cache.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { sharedRedisAvailable, sharedRedisUrl, waitFor } from '../../helpers/redis-server.js';

const logger = createLogger('silent');
const env = { BIGCOMMERCE_STORE_HASH: 'abc123', BIGCOMMERCE_ACCESS_TOKEN: 'token' };
const redisUp = await sharedRedisAvailable();
describe('createCacheFromConfig', () => {
  it('uses memory alone without REDIS_URL', async () => {
    const { store, close } = createCacheFromConfig(loadConfig(env), logger);
    await store.mset([{ key: 'k', value: 'v', ttlMs: 1_000 }]);
    expect(await store.mget(['k'])).toEqual(['v']);
    await close();
  });

  it.skipIf(!redisUp)('writes through to Redis under the bcgw: prefix with REDIS_URL', async () => {
    const config = loadConfig({ ...env, REDIS_URL: sharedRedisUrl });
    const { store, close } = createCacheFromConfig(config, logger);
    const key = `test:${randomUUID()}`;
    const raw = new Redis(sharedRedisUrl);
    try {
      await waitFor(async () => {
        await store.mset([{ key, value: 'v', ttlMs: 10_000 }]);
        return (await raw.exists(`${CACHE_KEY_PREFIX}${key}`)) === 1;
      });
      expect(CACHE_KEY_PREFIX.startsWith('bcgw:')).toBe(true);
      expect(await store.mget([key])).toEqual(['v']);
      await store.delete([key]);
      expect(await raw.exists(`${CACHE_KEY_PREFIX}${key}`)).toBe(0);
    } finally {
      await close();
      await raw.quit();
    }
  });
});
