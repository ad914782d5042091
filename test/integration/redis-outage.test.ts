import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '../../src/cache/cache.js';
import {
  createRedisInvalidationBus,
  type InvalidationBus,
} from '../../src/cache/invalidation-bus.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import { createRedisQuotaGovernor } from '../../src/datasources/quota/redis-governor.js';
import type { QuotaGovernor } from '../../src/datasources/quota.js';
import { createRedisOwner, type RedisOwner } from '../../src/redis/redis-owner.js';
import { captureLogger, LEVEL } from '../helpers/log-capture.js';
import { type RedisServer, startRedisServer, waitFor } from '../helpers/redis-server.js';

/** Log lines the Redis owner wrote, parsed. */
const { logger, lines } = captureLogger();
const warnings = () => lines.filter((line) => line.level === LEVEL.warn);
const recoveries = () =>
  lines.filter((line) => line.level === LEVEL.info && /available again/.test(line.msg));

describe('the Redis users of one owner while Redis goes away and comes back', () => {
  let server: RedisServer;
  let redis: RedisOwner;
  let cache: CacheStore;
  let bus: InvalidationBus;
  let governor: QuotaGovernor;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = createRedisOwner({ url: server.url, logger });
    cache = createRedisCache({ redis, prefix: 'outage:' });
    bus = createRedisInvalidationBus({ redis, channel: 'outage:invalidate', logger });
    governor = createRedisQuotaGovernor({ redis, key: `outage:{${randomUUID()}}:quota` });
    await redis.ready();
  });
  afterAll(async () => {
    await cache?.close();
    await bus?.close();
    await redis?.close();
    await server?.stop();
  });

  it('answers misses and drops writes while down, then recovers on the same port', async () => {
    await cache.mset([{ key: 'before', value: '1', ttlMs: 60_000, tags: ['t'] }]);
    expect(await cache.mget(['before'])).toEqual(['1']);

    await server.stop();
    const started = Date.now();
    for (let i = 0; i < 5; i += 1) {
      expect(await cache.mget(['before', 'other'])).toEqual([undefined, undefined]);
      await expect(
        cache.mset([{ key: 'during', value: '2', ttlMs: 60_000, tags: ['t'] }]),
      ).resolves.toBeUndefined();
      await expect(cache.delete(['before'])).resolves.toBeUndefined();
      await expect(cache.deleteByTags(['t'])).resolves.toBeUndefined();
      await expect(bus.publish({ tags: ['t'] })).resolves.toBeUndefined();
      await expect(
        governor.acquire({ priority: 'shopper', maxWaitMs: 0 }),
      ).resolves.toBeUndefined();
    }
    // Thirty calls against a dead server: each must fail fast, not wait for a reconnect.
    expect(Date.now() - started).toBeLessThan(5_000);
    // Cache, bus and governor all noticed; the owner said so once.
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.component).toBe('redis');

    await server.start();
    await waitFor(
      async () => {
        await cache.mset([{ key: 'after', value: '3', ttlMs: 60_000 }]);
        return (await cache.mget(['after']))[0] === '3';
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    // Nothing persisted across the restart, and nothing written during the outage arrived.
    expect(await cache.mget(['before', 'during'])).toEqual([undefined, undefined]);
    await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    await bus.publish({ tags: ['t'] });
    expect(recoveries()).toHaveLength(1);
    expect(warnings()).toHaveLength(1);
  });
});
