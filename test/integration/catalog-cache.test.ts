import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../sandbox/server.js';
import type { AppDeps } from '../../src/app.js';
import { cacheCounts, countsSince } from '../helpers/metrics.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

const LISTING = `query Listing {
  products(first: 10) {
    totalCount
    edges { node {
      entityId name
      brand { entityId name }
      categories { entityId name }
      variants { entityId sku }
      images { entityId url }
    } }
  }
}`;
// The same shapes in other words: the whole-response cache cannot answer these from the first.
const LISTING_AGAIN = LISTING.replace('query Listing', 'query ListingAgain');
const PRODUCT = `query One($id: Int!) {
  product(entityId: $id) { entityId name brand { name } variants { sku } images { url } }
}`;
const PRODUCT_AGAIN = PRODUCT.replace('query One', 'query OneAgain');
const PRODUCTS_ROUTE = 'GET /v3/catalog/products';
const BRANDS_ROUTE = 'GET /v3/catalog/brands';
const CATEGORIES_ROUTE = 'GET /v3/catalog/trees/categories';

const redisUp = await sharedRedisAvailable();

const uniqueHash = () => `it${randomBytes(6).toString('hex')}`;

/** A gateway over a sandbox of its own store hash, so Redis keys never meet another run's. */
async function freshStack(env: Record<string, string>, deps?: AppDeps): Promise<Stack> {
  const sandbox = await createSandbox({ products: 60, storeHash: uniqueHash() });
  const stack = await startStack({ sandboxInstance: sandbox, env, deps });
  const close = stack.close.bind(stack);
  return {
    ...stack,
    close: async () => {
      await close();
      await sandbox.close();
    },
  };
}

const modes: { name: string; env: Record<string, string>; skip: boolean }[] = [
  { name: 'memory cache', env: {}, skip: false },
  { name: 'Redis cache', env: { REDIS_URL: sharedRedisUrl }, skip: !redisUp },
];

/** Runs `query` and tells which layer answered it: upstream calls and cache lookups. */
async function measured(stack: Stack, query: string, variables?: Record<string, unknown>) {
  const before = await cacheCounts(stack.metrics);
  stack.sandbox.counters.reset();
  const { body } = await stack.query(query, variables);
  expect(body.errors).toBeUndefined();
  return {
    body,
    calls: stack.sandbox.counters.snapshot(),
    ...countsSince(before, await cacheCounts(stack.metrics)),
  };
}

describe.each(modes)('catalog reads with the $name', ({ env, skip }) => {
  const stacks: Stack[] = [];
  const open = async () => {
    const stack = await freshStack({ UPSTREAM_MAX_RETRIES: '0', ...env });
    stacks.push(stack);
    return stack;
  };
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.close()));
  });

  it.skipIf(skip)('answers a listing fetched before from the entity cache', async () => {
    const stack = await open();
    const cold = await measured(stack, LISTING);
    expect(cold.calls[PRODUCTS_ROUTE]).toBeGreaterThan(0);
    expect(cold.miss).toBeGreaterThan(0);

    const warm = await measured(stack, LISTING_AGAIN);
    expect(warm.body).toEqual(cold.body);
    expect(warm.calls).toEqual({});
    // The listing page, its brands and its categories, all from the entity cache.
    expect(warm).toMatchObject({ responseHit: 0, responseMiss: 1, miss: 0, stale: 0 });
    expect(warm.fresh).toBeGreaterThanOrEqual(3);
  });

  it.skipIf(skip)('answers a product(entityId:) fetched before from the entity cache', async () => {
    const stack = await open();
    const cold = await measured(stack, PRODUCT, { id: 7 });
    expect(cold.body.data).toMatchObject({ product: { entityId: 7 } });
    expect(Object.keys(cold.calls).length).toBeGreaterThan(0);

    const warm = await measured(stack, PRODUCT_AGAIN, { id: 7 });
    expect(warm.body).toEqual(cold.body);
    expect(warm.calls).toEqual({});
    expect(warm).toMatchObject({ responseHit: 0, miss: 0, fresh: 2 });
  });

  it.skipIf(skip)('collapses 100 concurrent cold listings into one call per route', async () => {
    // The whole-response cache is off, so every one of the 100 executes over the entity cache.
    const stack = await freshStack({
      UPSTREAM_MAX_RETRIES: '0',
      RESPONSE_CACHE_TTL_S: '0',
      ...env,
    });
    stacks.push(stack);
    const answers = await Promise.all(Array.from({ length: 100 }, () => stack.query(LISTING)));
    for (const { body } of answers) {
      expect(body.errors).toBeUndefined();
      expect(body).toEqual(answers[0]!.body);
    }
    // Variants and images come inside the product list call (`include=`), so nothing else is asked.
    expect(stack.sandbox.counters.snapshot()).toEqual({
      [PRODUCTS_ROUTE]: 1,
      [BRANDS_ROUTE]: 1,
      [CATEGORIES_ROUTE]: 1,
    });
    expect((await cacheCounts(stack.metrics)).responseMiss).toBe(0);
  });
});

describe('CACHE_MODE=off', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await freshStack({ CACHE_MODE: 'off', UPSTREAM_MAX_RETRIES: '0' });
  });
  afterAll(() => stack?.close());

  it('goes upstream for every query, still batching each into id:in calls', async () => {
    for (let round = 0; round < 2; round++) {
      const { calls, ...lookups } = await measured(stack, LISTING);
      // One products page, one brands call and one categories call for ten products.
      expect(calls).toEqual({ [PRODUCTS_ROUTE]: 1, [BRANDS_ROUTE]: 1, [CATEGORIES_ROUTE]: 1 });
      expect(lookups).toMatchObject({
        fresh: 0,
        stale: 0,
        miss: 0,
        responseHit: 0,
        responseMiss: 0,
      });
    }
    expect(stack.sandbox.counters.recent().find((path) => path.includes('/brands'))).toMatch(
      /id:in=\d+(,\d+)+/,
    );
    const again = await measured(stack, PRODUCT, { id: 7 });
    expect(again.calls[PRODUCTS_ROUTE]).toBe(1);
    expect((await measured(stack, PRODUCT, { id: 7 })).calls[PRODUCTS_ROUTE]).toBe(1);
  });
});

/** Product freshness of one second, no serving stale while revalidating, an hour of stale-if-error. */
const STALE_IF_ERROR_ENV = {
  UPSTREAM_MAX_RETRIES: '0',
  CACHE_TTL_PRODUCT_S: '1',
  CACHE_STALE_WHILE_REVALIDATE_S: '0',
  CACHE_STALE_IF_ERROR_S: '3600',
};

describe.each(modes)('stale-if-error with the $name', ({ env, skip }) => {
  let stack: Stack;
  // The entity cache's clock: moved past the product's freshness instead of waiting for it.
  let time = Date.now();
  beforeAll(async () => {
    // About the entity cache only: no whole answers in front of it.
    const testEnv = { ...STALE_IF_ERROR_ENV, RESPONSE_CACHE_TTL_S: '0', ...env };
    if (!skip) stack = await freshStack(testEnv, { now: () => time });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.skipIf(skip)('serves an expired product, marked stale, while upstream fails', async () => {
    const warm = await stack.query(PRODUCT, { id: 3 });
    expect(warm.body.errors).toBeUndefined();
    expect(warm.body.extensions?.cache).toBeUndefined();
    time += 1_150;

    stack.sandbox.faults.inject({ kind: 'status', status: 503, times: 1_000 });
    stack.sandbox.counters.reset();
    const stale = await stack.query(PRODUCT, { id: 3 });
    stack.sandbox.faults.clear();
    // It did try upstream (the entry was past its freshness) and fell back to the cached value.
    expect(stack.sandbox.counters.get(PRODUCTS_ROUTE)).toBeGreaterThan(0);
    expect(stale.body.errors).toBeUndefined();
    expect(stale.body.data).toEqual(warm.body.data);
    expect(stale.body.extensions?.cache).toMatchObject({
      stale: true,
      reason: 'upstream-error',
      resources: expect.arrayContaining(['product']),
    });
    const cache = stale.body.extensions?.cache as { maxAgeMs: number } | undefined;
    expect(cache?.maxAgeMs).toBe(1_150);

    // Once upstream is back the product is fetched again and no longer marked stale.
    const fresh = await stack.query(PRODUCT, { id: 3 });
    expect(fresh.body.errors).toBeUndefined();
    expect(fresh.body.extensions?.cache).toBeUndefined();
  });

  it.skipIf(skip)('answers UPSTREAM_UNAVAILABLE for a product it never cached', async () => {
    stack.sandbox.faults.inject({ kind: 'status', status: 503, times: 1_000 });
    const { body } = await stack.query(PRODUCT, { id: 11 });
    stack.sandbox.faults.clear();
    expect(body.data).toEqual({ product: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({
      path: ['product'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(body.extensions?.cache).toBeUndefined();
  });
});
