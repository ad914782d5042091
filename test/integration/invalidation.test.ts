import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

// One replica, in-memory caches (entity cache and whole-response cache): a change is invisible
// until it is invalidated, and visible right after, without waiting for any TTL.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 40 } });
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.counters.reset());

const LISTING = '{ products(first: 10) { edges { node { entityId name } } } }';
const SINGLE = '{ product(entityId: 4) { name brand { name } } }';

type Listing = { products: { edges: { node: { entityId: number; name: string } }[] } };
type Single = { product: { name: string } };

describe('cache invalidation', () => {
  it('serves repeated queries from cache, then the change once it is invalidated', async () => {
    const before = stack.sandbox.store.getProduct(4)!.name;
    await stack.query(LISTING);
    await stack.query(SINGLE);
    stack.sandbox.counters.reset();

    stack.sandbox.store.updateProduct(4, { name: `${before} (renamed)` });
    const stale = await stack.query<Listing>(LISTING);
    const staleSingle = await stack.query<Single>(SINGLE);
    expect(stale.body.data!.products.edges.find((e) => e.node.entityId === 4)!.node.name).toBe(
      before,
    );
    expect(staleSingle.body.data!.product.name).toBe(before);
    expect(stack.sandbox.counters.total()).toBe(0);

    await stack.app.invalidator.entityChanged('product', 4);
    const fresh = await stack.query<Listing>(LISTING);
    const freshSingle = await stack.query<Single>(SINGLE);
    expect(fresh.body.data!.products.edges.find((e) => e.node.entityId === 4)!.node.name).toBe(
      `${before} (renamed)`,
    );
    expect(freshSingle.body.data!.product.name).toBe(`${before} (renamed)`);
    // Only what the change touched was fetched again: the listing page and product 4, not brands.
    expect(stack.sandbox.counters.get('GET /v3/catalog/products')).toBe(2);
    expect(stack.sandbox.counters.get('GET /v3/catalog/brands') ?? 0).toBe(0);
  });

  it('answers requests that carry credentials afresh, never from the shared cache', async () => {
    const query = '{ product(entityId: 6) { name } }';
    const before = stack.sandbox.store.getProduct(6)!.name;
    await stack.query<Single>(query);
    stack.sandbox.store.updateProduct(6, { name: `${before} (private view)` });
    const anonymous = await stack.query<Single>(query);
    const signedIn = await stack.query<Single>(query, {}, { authorization: 'Bearer abc' });
    expect(anonymous.body.data!.product.name).toBe(before);
    // Entities still come from the entity cache; only the whole-answer cache is bypassed.
    expect(signedIn.body.data!.product.name).toBe(before);
    await stack.app.invalidator.entityChanged('product', 6);
    const after = await stack.query<Single>(query, {}, { authorization: 'Bearer abc' });
    expect(after.body.data!.product.name).toBe(`${before} (private view)`);
  });

  it('never stores an answer that carries an error', async () => {
    stack.sandbox.faults.inject({ kind: 'status', status: 500, times: 1 });
    const failed = await stack.query('{ product(entityId: 9) { name } }');
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    const retried = await stack.query<Single>('{ product(entityId: 9) { name } }');
    expect(retried.body.errors).toBeUndefined();
    expect(retried.body.data!.product.name).toBe(stack.sandbox.store.getProduct(9)!.name);
  });
});
