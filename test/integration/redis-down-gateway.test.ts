import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { isRedisUp, type RedisServer, startRedisServer, waitFor } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

const PRODUCT = `query One($id: Int!) {
  product(entityId: $id) { entityId name brand { name } variants { sku } }
}`;
interface ProductData {
  product: { entityId: number; name: string; brand: { name: string } | null } | null;
}

// The private redis-server needs the binary, not the shared Redis; CI provides both.
const canSpawnRedis = await startRedisServer().then(
  async (probe) => {
    await probe.stop();
    return true;
  },
  () => false,
);
if (!canSpawnRedis && process.env.CI === 'true') throw new Error('CI needs redis-server');

describe.skipIf(!canSpawnRedis)('the gateway while its Redis goes away and comes back', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let a: Stack;
  let b: Stack;

  beforeAll(async () => {
    redis = await startRedisServer();
    sandbox = await createSandbox({
      products: 60,
      storeHash: `it${randomBytes(6).toString('hex')}`,
    });
    const env = { REDIS_URL: redis.url, UPSTREAM_MAX_RETRIES: '0' };
    a = await startStack({ sandboxInstance: sandbox, env });
    b = await startStack({ sandboxInstance: sandbox, env });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await sandbox?.close();
    await redis?.stop();
  });

  const expectProduct = async (stack: Stack, id: number) => {
    const { body } = await stack.query<ProductData>(PRODUCT, { id });
    expect(body.errors).toBeUndefined();
    expect(body.data?.product).toMatchObject({
      entityId: id,
      name: sandbox.store.getProduct(id)?.name,
    });
  };

  /** Whether what `a` fetched for a new product reaches `b` through Redis, upstream untouched. */
  // Visible products only: a hidden one is null for an anonymous caller. 0-4 are used below.
  const visible = () => sandbox.store.products.filter((p) => p.is_visible).map((p) => p.id);
  let next = 10;
  const sharedThroughRedis = async () => {
    const id = visible()[next++]!;
    await expectProduct(a, id);
    sandbox.counters.reset();
    await expectProduct(b, id);
    return sandbox.counters.total() === 0;
  };

  it('answers from upstream while Redis is down and shares the cache again once it is back', async () => {
    expect(await sharedThroughRedis()).toBe(true);

    await redis.stop();
    expect(await isRedisUp(redis.url)).toBe(false);
    const started = Date.now();
    for (const id of visible().slice(0, 5)) {
      sandbox.counters.reset();
      await expectProduct(b, id);
      // Nothing cached anywhere for these ids: each answer really came from upstream.
      expect(sandbox.counters.total()).toBeGreaterThan(0);
    }
    // Five uncached queries with Redis gone: none waits on a reconnect or a command timeout.
    expect(Date.now() - started).toBeLessThan(4_000);
    // Nothing crosses replicas while Redis is down: b must ask upstream for what a fetched.
    expect(await sharedThroughRedis()).toBe(false);

    await redis.start();
    await waitFor(sharedThroughRedis, { timeoutMs: 10_000, intervalMs: 100 });
    // And a repeated query on one replica makes no upstream request.
    const again = visible()[5]!;
    await expectProduct(b, again);
    sandbox.counters.reset();
    await expectProduct(b, again);
    expect(sandbox.counters.total()).toBe(0);
  });
});
