import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { sharedRedisAvailable, sharedRedisUrl, waitFor } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

const PRODUCT = `query One($id: Int!) {
  product(entityId: $id) { entityId name brand { name } variants { sku } }
}`;
const LISTING = `{ products(first: 5) { edges { node { entityId name } } } }`;

interface ProductData {
  product: { entityId: number; name: string } | null;
}
interface ListingData {
  products: { edges: { node: { entityId: number; name: string } }[] };
}

const redisUp = await sharedRedisAvailable();

/**
 * Tiered L1 entries live up to 5 s; polling for less than that proves B heard A's eviction over
 * pub/sub rather than its memory copy simply expiring.
 */
const PROPAGATION_BOUND_MS = 2_000;

describe.skipIf(!redisUp)('two gateway replicas sharing Redis', () => {
  let sandbox: Sandbox;
  let a: Stack;
  let b: Stack;

  beforeAll(async () => {
    // A store hash of its own keeps this run's keys apart from other runs on the shared Redis.
    sandbox = await createSandbox({
      products: 40,
      storeHash: `it${randomBytes(6).toString('hex')}`,
    });
    const env = { REDIS_URL: sharedRedisUrl, UPSTREAM_MAX_RETRIES: '0' };
    a = await startStack({ sandboxInstance: sandbox, env });
    b = await startStack({ sandboxInstance: sandbox, env });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await sandbox?.close();
  });

  it('serves from Redis what the other replica fetched, and sees its evictions', async () => {
    const warm = await a.query<ProductData>(PRODUCT, { id: 5 });
    expect(warm.body.errors).toBeUndefined();
    expect(warm.body.data?.product?.entityId).toBe(5);
    expect(sandbox.counters.total()).toBeGreaterThan(0);

    sandbox.counters.reset();
    const fromRedis = await b.query<ProductData>(PRODUCT, { id: 5 });
    expect(fromRedis.body).toEqual(warm.body);
    expect(sandbox.counters.snapshot()).toEqual({});

    const renamed = `Renamed ${randomBytes(4).toString('hex')}`;
    sandbox.store.updateProduct(5, { name: renamed });
    // Without an eviction B keeps answering from cache: the change is not seen by accident.
    expect((await b.query<ProductData>(PRODUCT, { id: 5 })).body.data?.product?.name).toBe(
      warm.body.data?.product?.name,
    );

    await a.app.invalidator.entityChanged('product', 5);
    await waitFor(
      async () =>
        (await b.query<ProductData>(PRODUCT, { id: 5 })).body.data?.product?.name === renamed,
      { timeoutMs: PROPAGATION_BOUND_MS },
    );
    expect((await a.query<ProductData>(PRODUCT, { id: 5 })).body.data?.product?.name).toBe(renamed);
  });

  it('drops listings holding a changed product on every replica', async () => {
    const first = await a.query<ListingData>(LISTING);
    expect(first.body.errors).toBeUndefined();
    const listed = first.body.data?.products.edges[0]?.node;
    expect(listed).toBeDefined();
    sandbox.counters.reset();
    expect((await b.query<ListingData>(LISTING)).body).toEqual(first.body);
    expect(sandbox.counters.total()).toBe(0);

    const renamed = `Listed ${randomBytes(4).toString('hex')}`;
    sandbox.store.updateProduct(listed!.entityId, { name: renamed });
    await a.app.invalidator.entityChanged('product', listed!.entityId);
    await waitFor(
      async () =>
        (await b.query<ListingData>(LISTING)).body.data?.products.edges[0]?.node.name === renamed,
      { timeoutMs: PROPAGATION_BOUND_MS },
    );
  });
});
