import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import { createRedisQuotaGovernor } from '../../src/datasources/quota/redis-governor.js';
import { createRedisOwner } from '../../src/redis/redis-owner.js';
import { captureLogger, LEVEL } from '../helpers/log-capture.js';
import { type RedisServer, startRedisServer, waitFor } from '../helpers/redis-server.js';
import { startStack } from '../helpers/stack.js';

const canSpawnRedis = await startRedisServer().then(
  async (probe) => {
    await probe.stop();
    return true;
  },
  () => false,
);
if (!canSpawnRedis && process.env.CI === 'true') throw new Error('CI needs redis-server');

const PRODUCT = `query One($id: Int!) { product(entityId: $id) { entityId name brand { name } } }`;

// A private Redis, so the connections counted are this file's alone.
describe.skipIf(!canSpawnRedis)('the Redis owner', () => {
  let server: RedisServer;
  let admin: Redis;
  let sandbox: Sandbox;

  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url, { connectionName: 'test-admin' });
    sandbox = await createSandbox({
      products: 20,
      storeHash: `it${randomBytes(6).toString('hex')}`,
    });
  });
  afterAll(async () => {
    admin?.disconnect();
    await sandbox?.close();
    await server?.stop();
  });

  /** The gateway's connections to the server, by name. */
  const gatewayConnections = async () => {
    const list = String(await admin.call('CLIENT', 'LIST'));
    return [...list.matchAll(/ name=(\S*)/g)]
      .map(([, name]) => name!)
      .filter((name) => name !== 'test-admin')
      .sort();
  };

  it('gives a replica one command, one subscriber and one webhook-stream reader connection, closed by stop()', async () => {
    const env = { REDIS_URL: server.url, UPSTREAM_MAX_RETRIES: '0' };
    const stack = await startStack({ sandboxInstance: sandbox, env });
    const { body } = await stack.query(PRODUCT, { id: 3 });
    expect(body.errors).toBeUndefined();
    // Cache, invalidation bus, quota governor and event bus share the first two; the webhook
    // workers' blocking reads (XREADGROUP BLOCK) need the third.
    await waitFor(async () => (await gatewayConnections()).length === 3);
    expect(await gatewayConnections()).toEqual([
      'bcgw:commands',
      'bcgw:subscriber',
      'bcgw:webhooks',
    ]);

    await stack.close();
    await waitFor(async () => (await gatewayConnections()).length === 0);
  });

  it('uses an injected owner and leaves it open for whoever made it', async () => {
    const redis = createRedisOwner({ url: server.url, logger: captureLogger().logger });
    const env = { REDIS_URL: 'redis://127.0.0.1:1', UPSTREAM_MAX_RETRIES: '0' };
    const stack = await startStack({ sandboxInstance: sandbox, env, deps: { redis } });
    expect((await stack.query(PRODUCT, { id: 4 })).body.errors).toBeUndefined();
    // What the gateway cached went through the injected owner, not the configured URL.
    const keys = await redis.commands.keys('bcgw:v1:e:*');
    expect(keys.length).toBeGreaterThan(0);
    await stack.close();
    expect(await gatewayConnections()).toEqual(['bcgw:commands', 'bcgw:subscriber']);
    // A blocking reader (streams) gets a connection of its own, closed with the others.
    const reader = redis.dedicated('stream-reader');
    await waitFor(() => reader.status === 'ready');
    expect(await gatewayConnections()).toContain('bcgw:stream-reader');
    await redis.close();
    await waitFor(async () => (await gatewayConnections()).length === 0);
  });

  it('refuses a server older than required, saying which, and runs without it', async () => {
    const { logger, lines } = captureLogger();
    const redis = createRedisOwner({ url: server.url, logger, minimumVersion: '99.0.0' });
    const errors = () => lines.filter((line) => line.level === LEVEL.error);
    await waitFor(() => errors().length === 1);
    expect(errors()[0]).toMatchObject({
      required: '99.0.0',
      found: expect.stringMatching(/^\d+\./),
    });
    expect(errors()[0]!.msg).toMatch(/needs redis >= 99\.0\.0/);

    // Every user then behaves as during an outage: no failure, no further log line.
    const cache = createRedisCache({ redis, prefix: 'old:' });
    await cache.mset([{ key: 'k', value: 'v', ttlMs: 10_000 }]);
    expect(await cache.mget(['k'])).toEqual([undefined]);
    const governor = createRedisQuotaGovernor({ redis, key: 'old:{s}:quota' });
    await expect(governor.acquire({ priority: 'shopper', maxWaitMs: 0 })).resolves.toBeUndefined();
    expect(lines.filter((line) => line.level >= LEVEL.warn)).toHaveLength(1);
    expect(await admin.exists('old:k')).toBe(0);
    await redis.close();
  });
});
