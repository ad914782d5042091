import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server.js';
import { type RedisReplicas, startRedisReplicas } from '../helpers/redis-replicas.js';
import { sharedRedisAvailable } from '../helpers/redis-server.js';
import type { Stack } from '../helpers/stack.js';

// Back-office catalog writes over HTTP: two replicas sharing Redis, so "fresh at once" is
// checked on the replica that wrote and on the other one, through every cache layer.

const CREATE = `mutation Create($input: CreateProductInput!) {
  createProduct(input: $input) {
    __typename
    ... on CreateProductPayload { product { entityId name sku variants { sku } } }
    ... on Error { message code field }
  }
}`;
const UPDATE = `mutation Update($input: UpdateProductInput!) {
  updateProduct(input: $input) {
    __typename
    ... on UpdateProductPayload { product { entityId prices { price { amount } } } }
    ... on Error { code field }
  }
}`;
const UPDATE_MANY = `mutation Many($input: UpdateProductsInput!) {
  updateProducts(input: $input) {
    __typename
    ... on UpdateProductsPayload {
      updatedCount
      results { entityId product { prices { price { amount } } } error { code field } }
    }
  }
}`;
const PRODUCT = `query One($id: Int!) {
  product(entityId: $id) { entityId name sku prices { price { amount } } variants { sku } }
}`;
const NEWEST = `{ products(first: 3, sort: { field: ID, direction: DESC }) { edges { node { entityId name } } } }`;

interface ProductAnswer {
  product: {
    entityId: number;
    name: string;
    sku: string;
    prices: { price: { amount: string } };
    variants: { sku: string }[];
  } | null;
}
interface Listing {
  products: { edges: { node: { entityId: number; name: string } }[] };
}
type Result = Record<string, unknown> & { __typename: string };

const redisUp = await sharedRedisAvailable();

describe.skipIf(!redisUp)('catalog administration (catalog:write)', () => {
  let replicas: RedisReplicas;
  let sandbox: Sandbox;
  let a: Stack;
  let b: Stack;
  const keys = { internal: '', reader: '' };
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    replicas = await startRedisReplicas('ca', {
      products: 40,
      env: { UPSTREAM_MAX_RETRIES: '0' },
    });
    ({ sandbox, a, b } = replicas);
    keys.internal = (
      await a.app.keys.create({ name: 'back-office', scopes: [], role: 'internal' })
    ).key;
    keys.reader = (
      await a.app.keys.create({ name: 'catalog-reader', scopes: ['catalog:read'], role: 'partner' })
    ).key;
  });
  afterAll(() => replicas?.close());
  beforeEach(() => sandbox.counters.reset());

  const asInternal = <T>(stack: Stack, query: string, variables?: Record<string, unknown>) =>
    stack.query<T>(query, variables, bearer(keys.internal));

  const newProduct = (suffix: string) => ({
    name: `Back Office Lamp ${suffix}`,
    sku: `BOL-${suffix}`,
    type: 'PHYSICAL',
    price: '49.90',
    weight: 1.5,
    isVisible: true,
    categoryEntityIds: [sandbox.store.categories[0]?.id],
    brandEntityId: sandbox.store.brands[0]?.id,
    variants: [
      { sku: `BOL-${suffix}-BLUE`, options: [{ optionDisplayName: 'Color', label: 'Blue' }] },
    ],
  });

  it('creates a product with a variant, found at once by id and in a listing on both replicas', async () => {
    // Warm both replicas' caches with the listing the new product must then appear in.
    for (const stack of [a, b]) {
      const { body } = await asInternal<Listing>(stack, NEWEST);
      expect(body.errors).toBeUndefined();
    }
    const { body } = await asInternal<{ createProduct: Result }>(a, CREATE, {
      input: { ...newProduct('1'), idempotencyKey: 'create-lamp-0001' },
    });
    expect(body.errors).toBeUndefined();
    const created = body.data?.createProduct as Result & { product: { entityId: number } };
    expect(created).toMatchObject({
      __typename: 'CreateProductPayload',
      product: { name: 'Back Office Lamp 1', sku: 'BOL-1', variants: [{ sku: 'BOL-1-BLUE' }] },
    });
    const id = created.product.entityId;
    expect(sandbox.store.getProduct(id)?.price).toBe(49.9);

    for (const stack of [a, b]) {
      const one = await asInternal<ProductAnswer>(stack, PRODUCT, { id });
      expect(one.body.data?.product).toMatchObject({ entityId: id, sku: 'BOL-1' });
      const listed = await asInternal<Listing>(stack, NEWEST);
      expect(listed.body.data?.products.edges[0]?.node).toEqual({
        entityId: id,
        name: 'Back Office Lamp 1',
      });
    }

    // The same idempotency key answers the first product again, creating nothing.
    const count = sandbox.store.products.length;
    const again = await asInternal<{ createProduct: Result }>(b, CREATE, {
      input: { ...newProduct('1'), idempotencyKey: 'create-lamp-0001' },
    });
    expect(again.body.data?.createProduct).toMatchObject({ product: { entityId: id } });
    expect(sandbox.store.products.length).toBe(count);
  });

  it('updates a price, seen on the next query of either replica', async () => {
    const id = 7;
    for (const stack of [a, b]) {
      const warm = await asInternal<ProductAnswer>(stack, PRODUCT, { id });
      expect(warm.body.data?.product?.entityId).toBe(id);
    }
    const { body } = await asInternal<{ updateProduct: Result }>(a, UPDATE, {
      input: { entityId: id, price: '123.45', salePrice: '0' },
    });
    expect(body.data?.updateProduct).toMatchObject({
      __typename: 'UpdateProductPayload',
      product: { prices: { price: { amount: '123.45' } } },
    });
    for (const stack of [a, b]) {
      const next = await asInternal<ProductAnswer>(stack, PRODUCT, { id });
      expect(next.body.data?.product?.prices.price.amount).toBe('123.45');
    }
  });

  it('answers a duplicate SKU with DuplicateProductError and creates nothing', async () => {
    const count = sandbox.store.products.length;
    const { body } = await asInternal<{ createProduct: Result }>(a, CREATE, {
      input: { ...newProduct('2'), sku: 'SKU-00003' },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.createProduct).toMatchObject({
      __typename: 'DuplicateProductError',
      code: 'DUPLICATE_PRODUCT',
      field: 'input.sku',
    });
    expect(JSON.stringify(body)).not.toContain('already exists');
    expect(sandbox.store.products.length).toBe(count);
  });

  it('updates 23 products in 3 upstream batches and reports each', async () => {
    const warm = await asInternal<ProductAnswer>(b, PRODUCT, { id: 32 });
    expect(warm.body.data?.product?.entityId).toBe(32);
    sandbox.counters.reset();
    const products = Array.from({ length: 23 }, (_, i) => ({
      entityId: i + 10,
      price: `${200 + i}.00`,
      salePrice: '0',
    }));
    const { body } = await asInternal<{
      updateProducts: {
        updatedCount: number;
        results: { entityId: number; product: { prices: { price: { amount: string } } } | null }[];
      };
    }>(a, UPDATE_MANY, { input: { products } });
    expect(body.errors).toBeUndefined();
    expect(sandbox.counters.get('PUT /v3/catalog/products')).toBe(3);
    const answer = body.data?.updateProducts;
    expect(answer?.updatedCount).toBe(23);
    expect(answer?.results.map((r) => [r.entityId, r.product?.prices.price.amount])).toEqual(
      products.map((p) => [p.entityId, p.price]),
    );
    const seen = await asInternal<ProductAnswer>(b, PRODUCT, { id: 32 });
    expect(seen.body.data?.product?.prices.price.amount).toBe('222.00');
  });

  it('updates a variant and deletes a product, fresh on the other replica', async () => {
    const variant = sandbox.store.variants.get(8)?.[0];
    const query = `query V($id: Int!) { product(entityId: $id) { variants { entityId sku price { amount } } } }`;
    const warm = await asInternal<ProductAnswer>(b, query, { id: 8 });
    expect(warm.body.errors).toBeUndefined();
    const { body } = await asInternal<{ updateVariant: Result }>(
      a,
      `mutation($input: UpdateVariantInput!) {
        updateVariant(input: $input) {
          __typename
          ... on UpdateVariantPayload { variant { sku price { amount } } }
        }
      }`,
      { input: { productEntityId: 8, variantEntityId: variant?.id, price: '77.70' } },
    );
    expect(body.data?.updateVariant).toMatchObject({
      __typename: 'UpdateVariantPayload',
      variant: { sku: variant?.sku, price: { amount: '77.70' } },
    });
    const seen = await asInternal<{
      product: { variants: { entityId: number; price: { amount: string } }[] };
    }>(b, query, { id: 8 });
    const after = seen.body.data?.product.variants.find((v) => v.entityId === variant?.id);
    expect(after?.price.amount).toBe('77.70');

    const DELETE = `mutation($input: DeleteProductInput!) {
      deleteProduct(input: $input) {
        __typename
        ... on DeleteProductPayload { deletedProductEntityId }
        ... on Error { code field }
      }
    }`;
    const deleted = await asInternal<{ deleteProduct: Result }>(a, DELETE, {
      input: { entityId: 8 },
    });
    expect(deleted.body.data?.deleteProduct).toEqual({
      __typename: 'DeleteProductPayload',
      deletedProductEntityId: 8,
    });
    const gone = await asInternal<ProductAnswer>(b, PRODUCT, { id: 8 });
    expect(gone.body.data?.product).toBeNull();
    const twice = await asInternal<{ deleteProduct: Result }>(a, DELETE, {
      input: { entityId: 8 },
    });
    expect(twice.body.data?.deleteProduct).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.entityId',
    });
  });

  it('refuses createProduct to a key with only catalog:read: FORBIDDEN, nothing upstream', async () => {
    const { body } = await a.query(CREATE, { input: newProduct('3') }, bearer(keys.reader));
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(sandbox.counters.total()).toBe(0);
    expect(sandbox.store.products.some((p) => p.sku === 'BOL-3')).toBe(false);
  });
});
