import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../sandbox/server.js';
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
const PRODUCT = `query One($id: Int!) {
  product(entityId: $id) { entityId name brand { name } variants { sku } images { url } }
}`;
const PRODUCTS_ROUTE = 'GET /v3/catalog/products';
const BRANDS_ROUTE = 'GET /v3/catalog/brands';
const CATEGORIES_ROUTE = 'GET /v3/catalog/trees/categories';

const redisUp = await sharedRedisAvailable();

const uniqueHash = () => `it${randomBytes(6).toString('hex')}`;

/** A gateway over a sandbox of its own store hash, so Redis keys never meet another run's. */
async function freshStack(env: Record<string, string>): Promise<Stack> {
  const sandbox = await createSandbox({ products: 60, storeHash: uniqueHash() });
  const stack = await startStack({ sandboxInstance: sandbox, env });
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

  it.skipIf(skip)('answers a repeated listing without calling upstream', async () => {
    const stack = await open();
    const first = await stack.query(LISTING);
    expect(first.body.errors).toBeUndefined();
    const cold = stack.sandbox.counters.snapshot();
    expect(cold[PRODUCTS_ROUTE]).toBeGreaterThan(0);

    stack.sandbox.counters.reset();
    const second = await stack.query(LISTING);
    expect(second.body).toEqual(first.body);
    expect(stack.sandbox.counters.snapshot()).toEqual({});
  });

  it.skipIf(skip)('answers a warm product(entityId:) without calling upstream', async () => {
    const stack = await open();
    const cold = await stack.query(PRODUCT, { id: 7 });
    expect(cold.body.data).toMatchObject({ product: { entityId: 7 } });
    expect(stack.sandbox.counters.total()).toBeGreaterThan(0);

    stack.sandbox.counters.reset();
    const warm = await stack.query(PRODUCT, { id: 7 });
    expect(warm.body).toEqual(cold.body);
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it.skipIf(skip)('collapses 100 concurrent cold listings into one call per route', async () => {
    const stack = await open();
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
  beforeAll(async () => {
    if (!skip) stack = await freshStack({ ...STALE_IF_ERROR_ENV, ...env });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.skipIf(skip)('serves an expired product, marked stale, while upstream fails', async () => {
    const warm = await stack.query(PRODUCT, { id: 3 });
    expect(warm.body.errors).toBeUndefined();
    expect(warm.body.extensions?.cache).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1_150));

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
    expect(cache?.maxAgeMs).toBeGreaterThanOrEqual(1_000);

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
