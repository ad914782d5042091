import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { type RedisReplicas, startRedisReplicas } from '../helpers/redis-replicas.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Brand and category writes over HTTP: two replicas sharing Redis, so "readable at once" is
// checked on the replica that wrote and on the other one.

const CREATE_BRAND = `mutation($input: CreateBrandInput!) {
  createBrand(input: $input) {
    __typename
    ... on CreateBrandPayload { brand { entityId name pageTitle } }
    ... on Error { code field }
  }
}`;
const CREATE_CATEGORY = `mutation($input: CreateCategoryInput!) {
  createCategory(input: $input) {
    __typename
    ... on CreateCategoryPayload { category { entityId name parent { entityId } } }
    ... on Error { code field }
  }
}`;
const UPDATE_CATEGORY = `mutation($input: UpdateCategoryInput!) {
  updateCategory(input: $input) {
    __typename
    ... on UpdateCategoryPayload { category { entityId name } }
    ... on Error { code field }
  }
}`;
const DELETE_BRAND = `mutation($input: DeleteBrandInput!) {
  deleteBrand(input: $input) {
    __typename
    ... on DeleteBrandPayload { deletedBrandEntityId }
    ... on Error { code field }
  }
}`;
const DELETE_CATEGORY = `mutation($input: DeleteCategoryInput!) {
  deleteCategory(input: $input) {
    __typename
    ... on DeleteCategoryPayload { deletedCategoryEntityId }
    ... on Error { code field }
  }
}`;
const BRAND = `query($id: Int!) { brand(entityId: $id) { entityId name } }`;
const CATEGORY = `query($id: Int!) { category(entityId: $id) { entityId name parent { entityId } } }`;

type Result = Record<string, unknown> & { __typename: string };
interface BrandAnswer {
  brand: { entityId: number; name: string } | null;
}
interface CategoryAnswer {
  category: { entityId: number; name: string; parent: { entityId: number } | null } | null;
}

const redisUp = await sharedRedisAvailable();

describe.skipIf(!redisUp)('taxonomy administration (catalog:write)', () => {
  let replicas: RedisReplicas;
  let sandbox: Sandbox;
  let a: Stack;
  let b: Stack;
  const keys = { internal: '', reader: '' };
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    replicas = await startRedisReplicas('tx', {
      products: 20,
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

  it('creates a brand, readable at once by brand(entityId:) on both replicas', async () => {
    const nextId = Math.max(...sandbox.store.brands.map((x) => x.id)) + 1;
    // Both replicas first remember that this id does not exist: creating it must evict that too.
    for (const stack of [a, b]) {
      const before = await asInternal<BrandAnswer>(stack, BRAND, { id: nextId });
      expect(before.body.data?.brand).toBeNull();
    }
    const { body } = await asInternal<{ createBrand: Result }>(a, CREATE_BRAND, {
      input: { name: 'Northwind Lighting', pageTitle: 'Northwind', idempotencyKey: 'brand-0001' },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.createBrand).toEqual({
      __typename: 'CreateBrandPayload',
      brand: { entityId: nextId, name: 'Northwind Lighting', pageTitle: 'Northwind' },
    });
    for (const stack of [a, b]) {
      const seen = await asInternal<BrandAnswer>(stack, BRAND, { id: nextId });
      expect(seen.body.data?.brand).toEqual({ entityId: nextId, name: 'Northwind Lighting' });
    }

    // A duplicate name (whatever its case) is the typed error, and no second brand is made.
    const count = sandbox.store.brands.length;
    const again = await asInternal<{ createBrand: Result }>(a, CREATE_BRAND, {
      input: { name: 'northwind lighting' },
    });
    expect(again.body.data?.createBrand).toEqual({
      __typename: 'DuplicateNameError',
      code: 'DUPLICATE_NAME',
      field: 'input.name',
    });
    expect(sandbox.store.brands).toHaveLength(count);

    const deleted = await asInternal<{ deleteBrand: Result }>(a, DELETE_BRAND, {
      input: { entityId: nextId },
    });
    expect(deleted.body.data?.deleteBrand).toEqual({
      __typename: 'DeleteBrandPayload',
      deletedBrandEntityId: nextId,
    });
    const gone = await asInternal<BrandAnswer>(b, BRAND, { id: nextId });
    expect(gone.body.data?.brand).toBeNull();
  });

  it('creates a category under a parent, readable at once by category(entityId:) on both replicas', async () => {
    const parent = sandbox.store.categories.find((c) => c.parent_id === 0);
    const nextId = Math.max(...sandbox.store.categories.map((c) => c.id)) + 1;
    const { body } = await asInternal<{ createCategory: Result }>(a, CREATE_CATEGORY, {
      input: { name: 'Desk Lamps', parentEntityId: parent?.id },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.createCategory).toEqual({
      __typename: 'CreateCategoryPayload',
      category: { entityId: nextId, name: 'Desk Lamps', parent: { entityId: parent?.id } },
    });
    for (const stack of [a, b]) {
      const seen = await asInternal<CategoryAnswer>(stack, CATEGORY, { id: nextId });
      expect(seen.body.data?.category?.name).toBe('Desk Lamps');
    }

    // The same name under the same parent is refused; under another parent it is fine.
    const again = await asInternal<{ createCategory: Result }>(a, CREATE_CATEGORY, {
      input: { name: 'desk lamps', parentEntityId: parent?.id },
    });
    expect(again.body.data?.createCategory).toEqual({
      __typename: 'DuplicateNameError',
      code: 'DUPLICATE_NAME',
      field: 'input.name',
    });
    const unknownParent = await asInternal<{ createCategory: Result }>(a, CREATE_CATEGORY, {
      input: { name: 'Orphans', parentEntityId: 999_999 },
    });
    expect(unknownParent.body.data?.createCategory).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      field: 'input.parentEntityId',
    });

    const renamed = await asInternal<{ updateCategory: Result }>(a, UPDATE_CATEGORY, {
      input: { entityId: nextId, name: 'Task Lamps' },
    });
    expect(renamed.body.data?.updateCategory).toEqual({
      __typename: 'UpdateCategoryPayload',
      category: { entityId: nextId, name: 'Task Lamps' },
    });
    const fresh = await asInternal<CategoryAnswer>(b, CATEGORY, { id: nextId });
    expect(fresh.body.data?.category?.name).toBe('Task Lamps');

    const deleted = await asInternal<{ deleteCategory: Result }>(a, DELETE_CATEGORY, {
      input: { entityId: nextId },
    });
    expect(deleted.body.data?.deleteCategory).toEqual({
      __typename: 'DeleteCategoryPayload',
      deletedCategoryEntityId: nextId,
    });
    const gone = await asInternal<CategoryAnswer>(b, CATEGORY, { id: nextId });
    expect(gone.body.data?.category).toBeNull();
  });

  it('refuses createBrand and createCategory to a key with only catalog:read: FORBIDDEN, nothing upstream', async () => {
    const brand = await a.query(CREATE_BRAND, { input: { name: 'Sneaky' } }, bearer(keys.reader));
    expect(brand.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const category = await a.query(
      CREATE_CATEGORY,
      { input: { name: 'Sneaky' } },
      bearer(keys.reader),
    );
    expect(category.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(sandbox.counters.total()).toBe(0);
    expect(sandbox.store.brands.some((x) => x.name === 'Sneaky')).toBe(false);
    expect(sandbox.store.categories.some((c) => c.name === 'Sneaky')).toBe(false);
  });
});

describe.skipIf(!redisUp)('bulk pricing rules (catalog:write)', () => {
  let sandbox: Sandbox;
  let stack: Stack;
  let key = '';
  const SET = `mutation($input: SetBulkPricingRulesInput!) {
    setBulkPricingRules(input: $input) {
      __typename
      ... on SetBulkPricingRulesPayload {
        productEntityId
        rules { quantityMin quantityMax type amount }
      }
      ... on Error { code field }
    }
  }`;

  beforeAll(async () => {
    sandbox = await createSandbox({
      products: 5,
      storeHash: `bp${randomBytes(6).toString('hex')}`,
    });
    stack = await startStack({
      sandboxInstance: sandbox,
      env: { REDIS_URL: sharedRedisUrl, UPSTREAM_MAX_RETRIES: '0' },
    });
    key = (await stack.app.keys.create({ name: 'back-office', scopes: [], role: 'internal' })).key;
  });
  afterAll(async () => {
    await stack?.close();
    await sandbox?.close();
  });

  it('replaces a product’s rules with the ones given, in order', async () => {
    const rules = [
      { quantityMin: 2, quantityMax: 9, type: 'PERCENT', amount: '5' },
      { quantityMin: 10, type: 'FIXED', amount: '7.25' },
    ];
    const { body } = await stack.query<{ setBulkPricingRules: Result }>(
      SET,
      { input: { productEntityId: 3, rules } },
      { authorization: `Bearer ${key}` },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.setBulkPricingRules).toEqual({
      __typename: 'SetBulkPricingRulesPayload',
      productEntityId: 3,
      rules: [
        { quantityMin: 2, quantityMax: 9, type: 'PERCENT', amount: '5' },
        { quantityMin: 10, quantityMax: null, type: 'FIXED', amount: '7.25' },
      ],
    });
    expect(sandbox.store.bulkPricingRules.get(3)?.map((r) => [r.quantity_min, r.amount])).toEqual([
      [2, 5],
      [10, 7.25],
    ]);
  });

  it('refuses an unknown product and an empty band with the field named', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const rule = { quantityMin: 1, quantityMax: 5, type: 'PRICE', amount: '1' };
    const missing = await stack.query<{ setBulkPricingRules: Result }>(
      SET,
      { input: { productEntityId: 999, rules: [rule] } },
      auth,
    );
    expect(missing.body.data?.setBulkPricingRules).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      field: 'input.productEntityId',
    });
    sandbox.counters.reset();
    const empty = await stack.query<{ setBulkPricingRules: Result }>(
      SET,
      { input: { productEntityId: 3, rules: [{ ...rule, quantityMin: 5 }] } },
      auth,
    );
    expect(empty.body.data?.setBulkPricingRules).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'input.rules.0.quantityMax',
    });
    expect(sandbox.counters.total()).toBe(0);
  });
});
