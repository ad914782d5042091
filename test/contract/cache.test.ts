import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheStore } from '../../src/cache/cache.js';
import {
  createLocalInvalidationBus,
  createRedisInvalidationBus,
} from '../../src/cache/invalidation-bus.js';
import { entityKey, entityTag, listKey, resourceTag, responseKey } from '../../src/cache/keys.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import { createTieredCache } from '../../src/cache/tiered-cache.js';
import { createRedisQuotaGovernor } from '../../src/datasources/quota/redis-governor.js';
import { createLogger } from '../../src/logger.js';
import { quotaKey, REDIS_KEY_PREFIX } from '../../src/redis/redis-keys.js';
import { createRedisOwner, type RedisOwner } from '../../src/redis/redis-owner.js';
import { captureLogger, LEVEL } from '../helpers/log-capture.js';
import {
  type RedisServer,
  sharedRedisAvailable,
  sharedRedisUrl,
  startRedisServer,
  waitFor,
} from '../helpers/redis-server.js';

const logger = createLogger('silent');
const runId = randomUUID();
const redisUp = await sharedRedisAvailable();
if (!redisUp) {
  console.warn(`Skipping the Redis cache contract runs: no Redis at ${sharedRedisUrl}`);
}

/** One owner per simulated replica, as the gateway has. */
const owners: RedisOwner[] = [];
const redisOwner = (url = sharedRedisUrl) => {
  const owner = createRedisOwner({ url, logger });
  owners.push(owner);
  return owner;
};
afterAll(async () => {
  await Promise.all(owners.map((owner) => owner.close()));
});

let stores = 0;
const redisStore = () => {
  stores += 1;
  return createRedisCache({ redis: redisOwner(), prefix: `test:${runId}:${stores}:` });
};
const memoryStore = () => createMemoryCache({ maxEntries: 1_000, maxBytes: 1_000_000 });

const implementations: { name: string; needsRedis: boolean; create: () => CacheStore }[] = [
  { name: 'memory', needsRedis: false, create: memoryStore },
  { name: 'redis', needsRedis: true, create: redisStore },
  {
    name: 'tiered',
    needsRedis: true,
    create: () =>
      createTieredCache({ l1: memoryStore(), l2: redisStore(), bus: createLocalInvalidationBus() }),
  },
];

describe.each(implementations)('$name cache', ({ needsRedis, create }) => {
  let cache: CacheStore;
  beforeEach(async (context) => {
    if (needsRedis && !redisUp) context.skip();
    cache = create();
    // Redis clients fail fast until connected, so wait for the first real answer.
    if (needsRedis) {
      await waitFor(async () => {
        await cache.mset([{ key: 'ping', value: '1', ttlMs: 10_000 }]);
        return (await cache.mget(['ping']))[0] === '1';
      });
    }
  });
  afterEach(async () => {
    await cache?.close();
  });

  it('reads back what it wrote', async () => {
    await cache.mset([{ key: 'a', value: 'alpha', ttlMs: 10_000 }]);
    expect(await cache.mget(['a'])).toEqual(['alpha']);
  });

  it('answers mget in key order, with undefined for misses', async () => {
    await cache.mset([
      { key: 'x', value: '1', ttlMs: 10_000 },
      { key: 'z', value: '3', ttlMs: 10_000 },
    ]);
    expect(await cache.mget(['z', 'missing', 'x', 'z'])).toEqual(['3', undefined, '1', '3']);
    expect(await cache.mget([])).toEqual([]);
  });

  it('forgets entries once their ttl has passed', async () => {
    await cache.mset([
      { key: 'short', value: 's', ttlMs: 60 },
      { key: 'long', value: 'l', ttlMs: 10_000 },
    ]);
    expect(await cache.mget(['short'])).toEqual(['s']);
    await waitFor(async () => (await cache.mget(['short']))[0] === undefined);
    expect(await cache.mget(['long'])).toEqual(['l']);
  });

  it('overwrites a value', async () => {
    await cache.mset([{ key: 'k', value: 'old', ttlMs: 10_000 }]);
    await cache.mset([{ key: 'k', value: 'new', ttlMs: 10_000 }]);
    expect(await cache.mget(['k'])).toEqual(['new']);
  });

  it('deletes keys', async () => {
    await cache.mset([
      { key: 'd1', value: '1', ttlMs: 10_000 },
      { key: 'd2', value: '2', ttlMs: 10_000 },
    ]);
    await cache.delete(['d1', 'never-set']);
    expect(await cache.mget(['d1', 'd2'])).toEqual([undefined, '2']);
  });

  it('evicts every key written with any of the given tags, and only those', async () => {
    await cache.mset([
      { key: 'p1', value: '1', ttlMs: 10_000, tags: ['product:1', 'products'] },
      { key: 'p2', value: '2', ttlMs: 10_000, tags: ['product:2', 'products'] },
      { key: 'b1', value: 'b', ttlMs: 10_000, tags: ['brand:1'] },
      { key: 'u', value: 'u', ttlMs: 10_000 },
    ]);
    await cache.deleteByTags(['product:1']);
    expect(await cache.mget(['p1', 'p2', 'b1', 'u'])).toEqual([undefined, '2', 'b', 'u']);
    await cache.deleteByTags(['products', 'brand:1']);
    expect(await cache.mget(['p1', 'p2', 'b1', 'u'])).toEqual([
      undefined,
      undefined,
      undefined,
      'u',
    ]);
  });

  it('does not evict a rewritten key by a tag it no longer carries', async () => {
    await cache.mset([{ key: 'r', value: '1', ttlMs: 10_000, tags: ['old'] }]);
    await cache.mset([{ key: 'r', value: '2', ttlMs: 10_000, tags: ['new'] }]);
    await cache.deleteByTags(['new']);
    expect(await cache.mget(['r'])).toEqual([undefined]);
  });

  it('keeps unicode values and keys intact', async () => {
    const value = JSON.stringify({ name: 'Crème brûlée 🍮 — 東京', lines: 'a\nb' });
    await cache.mset([{ key: 'ключ:🔑', value, ttlMs: 10_000, tags: ['тег'] }]);
    expect(await cache.mget(['ключ:🔑'])).toEqual([value]);
    await cache.deleteByTags(['тег']);
    expect(await cache.mget(['ключ:🔑'])).toEqual([undefined]);
  });
});

describe('tiered caches on two replicas sharing a Redis', () => {
  it('drops a replica L1 copy when another replica evicts it', async (context) => {
    if (!redisUp) context.skip();
    const channel = `test:${runId}:invalidate`;
    const prefix = `test:${runId}:replicas:`;
    const replica = () => {
      const redis = redisOwner();
      const bus = createRedisInvalidationBus({ redis, channel, logger });
      const l2 = createRedisCache({ redis, prefix });
      // A long L1 ttl: only the bus can make the next read miss within the test.
      const cache = createTieredCache({ l1: memoryStore(), l2, bus, l1TtlCapMs: 60_000 });
      return { bus, cache };
    };
    const a = replica();
    const b = replica();
    await Promise.all([a.bus.ready(), b.bus.ready()]);
    const raw = redisOwner().commands;
    await waitFor(() => raw.status === 'ready');

    await b.cache.mset([{ key: 'k', value: 'v1', ttlMs: 60_000, tags: ['product:1'] }]);
    expect(await a.cache.mget(['k'])).toEqual(['v1']);
    // Gone from Redis, still in A's L1: proves A now answers from memory.
    await raw.del(`${prefix}k`);
    expect(await a.cache.mget(['k'])).toEqual(['v1']);

    await b.cache.mset([{ key: 'k', value: 'v2', ttlMs: 60_000, tags: ['product:1'] }]);
    await b.cache.deleteByTags(['product:1']);
    await waitFor(async () => (await a.cache.mget(['k']))[0] === undefined, { timeoutMs: 3_000 });

    await a.cache.mset([{ key: 'j', value: 'a', ttlMs: 60_000 }]);
    expect(await b.cache.mget(['j'])).toEqual(['a']);
    await a.cache.delete(['j']);
    await waitFor(async () => (await b.cache.mget(['j']))[0] === undefined, { timeoutMs: 3_000 });

    await Promise.all([a.cache.close(), b.cache.close(), a.bus.close(), b.bus.close()]);
  });

  it('delivers only other replicas messages on a local hub', async () => {
    const hub = new EventEmitter();
    const a = createLocalInvalidationBus({ hub });
    const b = createLocalInvalidationBus({ hub });
    const heardByA: unknown[] = [];
    const heardByB: unknown[] = [];
    a.subscribe((message) => heardByA.push(message));
    b.subscribe((message) => heardByB.push(message));
    await a.publish({ tags: ['t'] });
    expect(heardByA).toEqual([]);
    expect(heardByB).toEqual([{ keys: undefined, tags: ['t'] }]);
  });
});

// A lone node in cluster mode enforces Cluster's rules: a multi-key command, transaction or
// script over keys of different slots fails (CROSSSLOT), which a standalone Redis never shows.
const clusterNode = await startRedisServer({ cluster: true }).catch(() => undefined);
if (!clusterNode && process.env.CI === 'true') throw new Error('CI needs redis-server');

describe.skipIf(!clusterNode)('the gateway keys of one store on a Redis Cluster node', () => {
  const node = clusterNode as RedisServer;
  afterAll(() => node.stop());

  it('reads, writes and evicts by tag without a cross-slot error', async () => {
    const { logger: watched, lines } = captureLogger();
    const redis = createRedisOwner({ url: node.url, logger: watched });
    await redis.ready();
    const cache = createRedisCache({ redis, prefix: REDIS_KEY_PREFIX });
    const store = 'abc123';
    const product = (id: number) =>
      entityKey({ storeHash: store, resource: 'product', id, shape: 'i=variants' });
    const list = listKey({ storeHash: store, resource: 'product-list', params: { page: 1 } });
    const answer = responseKey(store, 'digest');
    const tags = (id: number) => [
      entityTag(store, 'product', id),
      entityTag(store, 'variant', id * 10),
    ];
    await cache.mset([
      { key: product(1), value: 'p1', ttlMs: 60_000, tags: tags(1) },
      { key: product(2), value: 'p2', ttlMs: 60_000, tags: tags(2) },
      {
        key: list,
        value: 'l',
        ttlMs: 60_000,
        tags: [resourceTag(store, 'product-list'), ...tags(1)],
      },
      { key: answer, value: 'r', ttlMs: 60_000, tags: [entityTag(store, 'variant', 10)] },
    ]);
    expect(await cache.mget([product(1), product(2), list, answer])).toEqual([
      'p1',
      'p2',
      'l',
      'r',
    ]);
    await cache.deleteByTags([entityTag(store, 'variant', 10), resourceTag(store, 'product-list')]);
    expect(await cache.mget([product(1), product(2), list, answer])).toEqual([
      undefined,
      'p2',
      undefined,
      undefined,
    ]);

    const governor = createRedisQuotaGovernor({ redis, key: quotaKey(store) });
    governor.observe({ windowMs: 30_000, resetMs: 30_000, quota: 10, left: 3 }, 200);
    await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    await expect(governor.acquire({ priority: 'shopper', maxWaitMs: 0 })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
    // Every call reached Redis: none failed over to memory or the local budget.
    expect(lines.filter((line) => line.level >= LEVEL.warn)).toEqual([]);
    await redis.close();
  });
});
