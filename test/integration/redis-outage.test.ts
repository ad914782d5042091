import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '../../src/cache/cache.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import { closeRedisClient, createRedisClient } from '../../src/cache/redis-client.js';
import { createLogger } from '../../src/logger.js';
import { type RedisServer, startRedisServer, waitFor } from '../helpers/redis-server.js';

/** Log lines the cache wrote, parsed. */
const lines: { level: number; msg: string }[] = [];
const logger = createLogger(
  'info',
  new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  }),
);
const WARN = 40;
const INFO = 30;

describe('redis cache while Redis goes away and comes back', () => {
  let server: RedisServer;
  let redis: ReturnType<typeof createRedisClient>;
  let cache: CacheStore;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = createRedisClient(server.url, logger);
    cache = createRedisCache({ redis, prefix: 'outage:', logger });
    await waitFor(() => redis.status === 'ready');
  });
  afterAll(async () => {
    await cache?.close();
    if (redis) await closeRedisClient(redis);
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
    }
    // Twenty calls against a dead server: each must fail fast, not wait for a reconnect.
    expect(Date.now() - started).toBeLessThan(5_000);
    const warnings = lines.filter((line) => line.level === WARN);
    expect(warnings).toHaveLength(1);

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
    expect(
      lines.filter((line) => line.level === INFO && /available again/.test(line.msg)),
    ).toHaveLength(1);
    expect(lines.filter((line) => line.level === WARN)).toHaveLength(1);
  });
});
