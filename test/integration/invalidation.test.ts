import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { entityTag } from '../../src/cache/keys.js';
import { cacheCounts, countsSince } from '../helpers/metrics.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { putVariant } from '../helpers/variant-writes.js';

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

  it('shares a whole answer only between callers holding the same scopes', async () => {
    const query = '{ product(entityId: 6) { name } }';
    const before = stack.sandbox.store.getProduct(6)!.name;
    await stack.query<Single>(query);
    const renamed = `${before} (private view)`;
    stack.sandbox.store.updateProduct(6, { name: renamed });
    // Only the entity goes: the whole answer stays cached, so only a caller it is not shared
    // with can see the change.
    await stack.app.invalidator.tags([entityTag(stack.sandbox.storeHash, 'product', 6)]);

    const anonymous = await stack.query<Single>(query);
    expect(anonymous.body.data!.product.name).toBe(before);
    // A catalog:read key and a shopper see the public catalog as anyone does: same answer.
    const { key } = await stack.app.keys.create({ name: 'Partner', scopes: ['catalog:read'] });
    const sameScopes: Record<string, string>[] = [
      { authorization: `Bearer ${key}` },
      { 'x-api-key': key },
      { authorization: `Bearer ${await customerAccessToken(stack)}` },
    ];
    for (const credentials of sameScopes) {
      const counts = await cacheCounts(stack.metrics);
      const signedIn = await stack.query<Single>(query, {}, credentials);
      expect(signedIn.body.data!.product.name).toBe(before);
      expect(countsSince(counts, await cacheCounts(stack.metrics)).responseHit).toBe(1);
    }
    // A key that may see hidden products has answers of its own.
    const hidden = await stack.app.keys.create({
      name: 'Back office',
      scopes: ['catalog:read', 'catalog:read_hidden'],
    });
    const counts = await cacheCounts(stack.metrics);
    const own = await stack.query<Single>(query, {}, { authorization: `Bearer ${hidden.key}` });
    expect(own.body.data!.product.name).toBe(renamed);
    expect(countsSince(counts, await cacheCounts(stack.metrics)).responseHit).toBe(0);
    // Its answer did not replace the one the others share.
    expect((await stack.query<Single>(query)).body.data!.product.name).toBe(before);
  });

  it('never stores an answer that carries an error', async () => {
    stack.sandbox.faults.inject({ kind: 'status', status: 500, times: 1 });
    const failed = await stack.query('{ product(entityId: 9) { name } }');
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    const retried = await stack.query<Single>('{ product(entityId: 9) { name } }');
    expect(retried.body.errors).toBeUndefined();
    expect(retried.body.data!.product.name).toBe(stack.sandbox.store.getProduct(9)!.name);
  });

  it('evicts every cached product and listing holding a changed variant', async () => {
    const productId = 12;
    const variant = stack.sandbox.store.variants.get(productId)![0]!;
    const PRODUCT = `query P($id: Int!) { product(entityId: $id) {
      entityId variants { entityId sku inventoryLevel } } }`;
    // Same product shape, other text: answered by the entity cache, not the response cache.
    const PRODUCT_AGAIN = `query Again($id: Int!) { product(entityId: $id) {
      variants { inventoryLevel sku entityId } } }`;
    const LISTED = `{ products(first: 20) { edges { node { entityId variants { entityId sku inventoryLevel } } } } }`;
    type Variants = {
      variants: { entityId: number; sku: string; inventoryLevel: number | null }[];
    };
    const variantIn = (product: Variants | undefined) =>
      product?.variants.find((v) => v.entityId === variant.id);
    const listed = async (query: string) => {
      const { body } = await stack.query<{
        products: { edges: { node: Variants & { entityId: number } }[] };
      }>(query);
      return variantIn(body.data?.products.edges.find((e) => e.node.entityId === productId)?.node);
    };
    const single = async (query: string) =>
      variantIn(
        (await stack.query<{ product: Variants }>(query, { id: productId })).body.data?.product,
      );

    const old = { sku: variant.sku, inventoryLevel: variant.inventory_level };
    expect(await single(PRODUCT)).toMatchObject(old);
    expect(await listed(LISTED)).toMatchObject(old);

    const changed = { sku: `NEW-${variant.id}`, inventory_level: 4321 };
    const put = await putVariant(stack.sandbox, productId, variant.id, changed);
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ id: variant.id, ...changed });
    // Before the eviction every shape still answers from cache.
    expect(await single(PRODUCT_AGAIN)).toMatchObject(old);

    await stack.app.invalidator.entityChanged('variant', variant.id);
    const fresh = { sku: changed.sku, inventoryLevel: changed.inventory_level };
    stack.sandbox.counters.reset();
    expect(await single(PRODUCT_AGAIN)).toMatchObject(fresh);
    // Refetched from upstream, not served from some other cache layer.
    expect(stack.sandbox.counters.get('GET /v3/catalog/products')).toBe(1);
    expect(await single(PRODUCT)).toMatchObject(fresh);
    expect(await listed(LISTED)).toMatchObject(fresh);
    expect(await listed(LISTED.replace('first: 20', 'first: 19'))).toMatchObject(fresh);
  });
  it('evicts a variant looked up on its own when its product changes', async () => {
    const productId = 15;
    const { body } = await stack.query<{
      product: { variants: { id: string; entityId: number }[] };
    }>(`{ product(entityId: ${productId}) { variants { id entityId } } }`);
    const { id, entityId } = body.data!.product.variants[0]!;
    const NODE = 'query V($id: ID!) { node(id: $id) { ... on Variant { sku } } }';
    const skuOf = async (query: string) =>
      (await stack.query<{ node: { sku: string } }>(query, { id })).body.data?.node?.sku;
    const before = await skuOf(NODE);
    expect(before).toBe(
      stack.sandbox.store.variants.get(productId)!.find((v) => v.id === entityId)!.sku,
    );

    const put = await putVariant(stack.sandbox, productId, entityId, { sku: `P-${entityId}` });
    expect(put.status).toBe(200);
    // Other text: the entity cache answers, and it still holds the old variant.
    const AGAIN = 'query Again($id: ID!) { node(id: $id) { ... on Variant { sku } } }';
    expect(await skuOf(AGAIN)).toBe(before);

    // A product webhook (a price or visibility change reaches its variants) evicts them too.
    await stack.app.invalidator.entityChanged('product', productId);
    expect(await skuOf(AGAIN.replace('Again', 'Third'))).toBe(`P-${entityId}`);
  });
});

/** Signs the sandbox's demo customer in, as an app does, and returns the access token. */
async function customerAccessToken(stack: Stack): Promise<string> {
  const { body } = await stack.query<{ login: { accessToken?: string } }>(
    'mutation L($input: LoginInput!) { login(input: $input) { ... on CustomerSession { accessToken } } }',
    { input: DEMO_CUSTOMER_CREDENTIALS },
  );
  const token = body.data?.login.accessToken;
  if (!token) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return token;
}
