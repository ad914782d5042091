import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { cacheCounts, countsSince } from '../helpers/metrics.js';
import { sharedRedisAvailable, sharedRedisUrl, waitFor } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { putVariant } from '../helpers/variant-writes.js';

// The same product shape in three query texts: a replica asking with a text the other never
// sent cannot be answered by the shared whole-response cache, only by the entity cache.
const PRODUCT = `query One($id: Int!) {
  product(entityId: $id) { entityId name brand { name } variants { entityId sku inventoryLevel } }
}`;
const PRODUCT_B = `query OnB($id: Int!) {
  product(entityId: $id) { name entityId variants { sku entityId inventoryLevel } brand { name } }
}`;
const PRODUCT_C = `query OnC($id: Int!) {
  product(entityId: $id) { variants { inventoryLevel entityId sku } brand { name } entityId name }
}`;
const LISTING = `{ products(first: 5) { edges { node { entityId name variants { entityId sku } } } } }`;
const LISTING_B = `query ListB { products(first: 5) { edges { node { name entityId variants { sku entityId } } } } }`;

interface VariantData {
  entityId: number;
  sku: string;
  inventoryLevel?: number | null;
}
interface ProductData {
  product: { entityId: number; name: string; variants: VariantData[] } | null;
}
interface ListingData {
  products: { edges: { node: { entityId: number; name: string; variants: VariantData[] } }[] };
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

  /** Runs `query` on `stack` and tells which layer answered it. */
  const measured = async <T>(stack: Stack, query: string, variables?: Record<string, unknown>) => {
    const before = await cacheCounts(stack.metrics);
    sandbox.counters.reset();
    const { body } = await stack.query<T>(query, variables);
    expect(body.errors).toBeUndefined();
    return {
      body,
      upstream: sandbox.counters.total(),
      ...countsSince(before, await cacheCounts(stack.metrics)),
    };
  };

  it('serves from Redis the entities the other replica fetched, and sees its evictions', async () => {
    const warm = await measured<ProductData>(a, PRODUCT, { id: 5 });
    expect(warm.body.data?.product?.entityId).toBe(5);
    expect(warm.upstream).toBeGreaterThan(0);

    const fromRedis = await measured<ProductData>(b, PRODUCT_B, { id: 5 });
    expect(fromRedis.body.data?.product).toEqual(warm.body.data?.product);
    // Not the whole-response cache: B's entity cache found A's product and brand in Redis.
    expect(fromRedis).toMatchObject({ upstream: 0, responseHit: 0, responseMiss: 1, miss: 0 });
    expect(fromRedis.fresh).toBeGreaterThanOrEqual(2);

    const renamed = `Renamed ${randomBytes(4).toString('hex')}`;
    sandbox.store.updateProduct(5, { name: renamed });
    // Without an eviction B keeps answering from cache: the change is not seen by accident.
    const cached = await b.query<ProductData>(PRODUCT_C, { id: 5 });
    expect(cached.body.data?.product?.name).toBe(warm.body.data?.product?.name);

    await a.app.invalidator.entityChanged('product', 5);
    const nameOn = async (stack: Stack, query: string) =>
      (await stack.query<ProductData>(query, { id: 5 })).body.data?.product?.name;
    // B's cached answers to both texts, and its L1 copy of the entity, are gone.
    await waitFor(async () => (await nameOn(b, PRODUCT_B)) === renamed, {
      timeoutMs: PROPAGATION_BOUND_MS,
    });
    expect(await nameOn(b, PRODUCT_C)).toBe(renamed);
    expect(await nameOn(a, PRODUCT)).toBe(renamed);
  });

  it('shares whole answers through Redis', async () => {
    const first = await measured<ProductData>(a, PRODUCT, { id: 8 });
    const second = await measured<ProductData>(b, PRODUCT, { id: 8 });
    expect(second.body).toEqual(first.body);
    expect(second).toMatchObject({ upstream: 0, responseHit: 1, fresh: 0, miss: 0 });
  });

  it('drops listings holding a changed product on every replica', async () => {
    const first = await measured<ListingData>(a, LISTING);
    const listed = first.body.data?.products.edges[0]?.node;
    expect(listed).toBeDefined();
    const onB = await measured<ListingData>(b, LISTING_B);
    expect(onB.body.data?.products.edges.map((e) => e.node.entityId)).toEqual(
      first.body.data?.products.edges.map((e) => e.node.entityId),
    );
    expect(onB).toMatchObject({ upstream: 0, responseHit: 0 });

    const renamed = `Listed ${randomBytes(4).toString('hex')}`;
    sandbox.store.updateProduct(listed!.entityId, { name: renamed });
    await a.app.invalidator.entityChanged('product', listed!.entityId);
    await waitFor(
      async () =>
        (await b.query<ListingData>(LISTING_B)).body.data?.products.edges[0]?.node.name === renamed,
      { timeoutMs: PROPAGATION_BOUND_MS },
    );
  });

  it('evicts a changed variant from every product and listing on every replica', async () => {
    const productId = 3;
    const variant = sandbox.store.variants.get(productId)![0]!;
    // The sandbox's own record: the PUT below changes it in place.
    const oldSku = variant.sku;
    const variantOf = (product: { variants: VariantData[] } | null | undefined) =>
      product?.variants.find((v) => v.entityId === variant.id);
    const skuIn = async (stack: Stack, query: string) =>
      variantOf((await stack.query<ProductData>(query, { id: productId })).body.data?.product)?.sku;
    const listedSku = async (stack: Stack, query: string) => {
      const { body } = await stack.query<ListingData>(query);
      return variantOf(body.data?.products.edges.find((e) => e.node.entityId === productId)?.node)
        ?.sku;
    };
    // A fetches and caches; B answers from Redis with texts of its own.
    expect(await skuIn(a, PRODUCT)).toBe(oldSku);
    expect(await skuIn(b, PRODUCT_B)).toBe(oldSku);
    expect(await listedSku(a, LISTING)).toBe(oldSku);
    expect(await listedSku(b, LISTING_B)).toBe(oldSku);

    const sku = `MOVED-${randomBytes(3).toString('hex')}`;
    const put = await putVariant(sandbox, productId, variant.id, { sku, inventory_level: 77 });
    expect(put.status).toBe(200);
    expect(await skuIn(b, PRODUCT_C)).toBe(oldSku);

    await a.app.invalidator.entityChanged('variant', variant.id);
    await waitFor(async () => (await skuIn(b, PRODUCT_B)) === sku, {
      timeoutMs: PROPAGATION_BOUND_MS,
    });
    expect(await skuIn(b, PRODUCT_C)).toBe(sku);
    expect(await listedSku(b, LISTING_B)).toBe(sku);
    expect(await skuIn(a, PRODUCT)).toBe(sku);
    expect(await listedSku(a, LISTING)).toBe(sku);
    const stock = await b.query<ProductData>(PRODUCT_C.replace('OnC', 'OnD'), { id: productId });
    expect(variantOf(stock.body.data?.product)?.inventoryLevel).toBe(77);
  });
});
