import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/server.js';
import { CatalogWritesApi } from '../../../src/datasources/catalog-writes.js';
import { UpstreamInputError } from '../../../src/datasources/errors.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import { type ContractRig, startContractRig } from '../../helpers/contract-rig.js';
import type { OpenApiContract, recordingDispatcher } from '../../helpers/openapi-contract.js';

/** Candidates for `KNOWN_SPEC_DEFECTS` (test/helpers/documented-extras.ts, the lead's file). */

let rig: ContractRig;
let sandbox: Sandbox;
let recorder: ReturnType<typeof recordingDispatcher>;
let http: HttpClient;
let writes: CatalogWritesApi;
let contract: OpenApiContract;

beforeAll(async () => {
  rig = await startContractRig({ products: 30 }, { maxRetries: 0 });
  ({ sandbox, http, recorder, contract } = rig);
  writes = new CatalogWritesApi(http, { requestId: 'catalog-writes-test' });
});

afterAll(() => rig?.close());

beforeEach(() => {
  sandbox.counters.reset();
});

describe('CatalogWritesApi against the sandbox store', () => {
  it('creates, updates, updates a variant, deletes; every request validates against its operation', async () => {
    const created = await writes.createProduct({
      name: 'Unit Writer',
      type: 'physical',
      sku: 'UW-1',
      price: 19.99,
      weight: 2,
      categories: [sandbox.store.categories[0]?.id ?? 1],
      variants: [
        { sku: 'UW-1-RED', option_values: [{ option_display_name: 'Color', label: 'Red' }] },
      ],
    });
    expect(created).toMatchObject({ name: 'Unit Writer', price: 19.99 });
    const variant = sandbox.store.variants.get(created.id)?.[0];
    expect(variant?.sku).toBe('UW-1-RED');

    const updated = await writes.updateProduct(created.id, { price: 24.5, is_visible: false });
    expect(updated).toMatchObject({ id: created.id, price: 24.5, is_visible: false });
    const newVariant = await writes.updateVariant(created.id, variant?.id ?? 0, { price: 30 });
    expect(newVariant).toMatchObject({ sku: 'UW-1-RED', price: 30 });

    await writes.deleteProduct(created.id);
    expect(sandbox.store.getProduct(created.id)).toBeUndefined();

    const verdicts = recorder.requests.map((request) => contract.check(request));
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(new Set(verdicts.map((v) => v.operation))).toEqual(
      new Set([
        'catalog/products_catalog.v3.yml#createProduct',
        'catalog/products_catalog.v3.yml#updateProduct',
        'catalog/product-variants_catalog.v3.yml#updateProductVariant',
        'catalog/products_catalog.v3.yml#deleteProduct',
      ]),
    );
  });

  it('refuses a duplicate SKU with the fields BigCommerce names', async () => {
    const error = await writes
      .createProduct({ name: 'Copy', type: 'physical', sku: 'SKU-00001', price: 1, weight: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamInputError);
    expect((error as UpstreamInputError).status).toBe(409);
    expect(Object.keys((error as UpstreamInputError).fields)).toEqual(['sku']);
  });

  it('updates 23 products in 3 batch calls of at most 10, one result per item in order', async () => {
    recorder.requests.length = 0;
    const items = Array.from({ length: 23 }, (_, i) => ({ id: i + 1, price: 100 + i }));
    const results = await writes.updateProducts(items);
    expect(sandbox.counters.get('PUT /v3/catalog/products')).toBe(3);
    expect(results.map((r) => [r.id, r.ok])).toEqual(items.map((item) => [item.id, true]));
    expect(sandbox.store.getProduct(23)?.price).toBe(122);
    const bodies = recorder.requests.map((r) => (JSON.parse(r.body ?? '[]') as unknown[]).length);
    expect(bodies).toEqual([10, 10, 3]);
    const verdicts = recorder.requests.map((request) => contract.check(request));
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(new Set(verdicts.map((v) => v.operation))).toEqual(
      new Set(['catalog/products_catalog.v3.yml#updateProducts']),
    );
  });

  it('reports a refused chunk on its own items only', async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, price: 5 }));
    // Product 12 (second chunk) takes product 1's SKU: only that chunk is refused.
    const clash = { ...items[11], id: 12, sku: 'SKU-00001' };
    const results = await writes.updateProducts([...items.slice(0, 11), clash]);
    expect(results.filter((r) => !r.ok).map((r) => r.id)).toEqual([11, 12]);
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });

  it('writes brands and categories; every request validates against its operation', async () => {
    recorder.requests.length = 0;
    const brand = await writes.createBrand({ name: 'Unit Brand', page_title: 'Unit' });
    expect(brand).toMatchObject({ name: 'Unit Brand', page_title: 'Unit' });
    expect(await writes.updateBrand(brand.id, { name: 'Unit Brand 2' })).toMatchObject({
      id: brand.id,
      name: 'Unit Brand 2',
    });
    await writes.deleteBrand(brand.id);
    expect(sandbox.store.brands.some((b) => b.id === brand.id)).toBe(false);

    const parent = sandbox.store.categories.find((c) => c.parent_id === 0);
    const category = await writes.createCategory({
      name: 'Unit Aisle',
      parent_id: parent?.id ?? 1,
      tree_id: 1,
    });
    expect(category).toMatchObject({ name: 'Unit Aisle', parent_id: parent?.id });
    const top = await writes.createCategory({ name: 'Unit Top', parent_id: 0, tree_id: 1 });
    await writes.updateCategory(category.category_id, { name: 'Unit Aisle 2', is_visible: false });
    expect(sandbox.store.categories.find((c) => c.id === category.category_id)).toMatchObject({
      name: 'Unit Aisle 2',
      is_visible: false,
    });
    await writes.deleteCategories([category.category_id, top.category_id]);
    expect(sandbox.store.categories.some((c) => c.id === category.category_id)).toBe(false);

    const verdicts = recorder.requests.map((request) => contract.check(request));
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(new Set(verdicts.map((v) => v.operation))).toEqual(
      new Set([
        'catalog/brands_catalog.v3.yml#createBrand',
        'catalog/brands_catalog.v3.yml#updateBrand',
        'catalog/brands_catalog.v3.yml#deleteBrand',
        'catalog/category-trees_catalog.v3.yml#createCategories',
        'catalog/category-trees_catalog.v3.yml#updateCategories',
        'catalog/category-trees_catalog.v3.yml#deleteTreeCategories',
      ]),
    );
  });

  it('refuses a duplicate brand name and a duplicate or orphan category with the fields named', async () => {
    const taken = sandbox.store.brands[0]?.name ?? '';
    const brand = await writes.createBrand({ name: taken }).catch((e: unknown) => e);
    expect(brand).toBeInstanceOf(UpstreamInputError);
    expect((brand as UpstreamInputError).status).toBe(409);
    expect(Object.keys((brand as UpstreamInputError).fields)).toEqual(['name']);

    const sibling = sandbox.store.categories.find((c) => c.parent_id !== 0);
    const duplicate = await writes
      .createCategory({ name: sibling?.name ?? '', parent_id: sibling?.parent_id ?? 0, tree_id: 1 })
      .catch((e: unknown) => e);
    expect((duplicate as UpstreamInputError).status).toBe(409);
    expect(Object.keys((duplicate as UpstreamInputError).fields)).toEqual(['0.name']);

    const before = sandbox.store.categories.length;
    const orphan = await writes
      .createCategory({ name: 'Orphan', parent_id: 999_999, tree_id: 1 })
      .catch((e: unknown) => e);
    expect((orphan as UpstreamInputError).status).toBe(422);
    expect(Object.keys((orphan as UpstreamInputError).fields)).toEqual(['0.parent_id']);
    expect(sandbox.store.categories).toHaveLength(before);
  });

  it('replaces bulk pricing rules: list, a delete per old rule, a create per new one; all valid', async () => {
    recorder.requests.length = 0;
    const before = sandbox.store.bulkPricingRules.get(2)?.length ?? 0;
    const rules = await writes.setBulkPricingRules(2, [
      { quantity_min: 3, quantity_max: 0, type: 'percent', amount: 10 },
    ]);
    expect(rules).toMatchObject([
      { quantity_min: 3, quantity_max: 0, type: 'percent', amount: 10 },
    ]);
    expect(sandbox.store.bulkPricingRules.get(2)).toHaveLength(1);
    expect(recorder.requests).toHaveLength(1 + before + 1);
    const verdicts = recorder.requests.map((request) => contract.check(request));
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(new Set(verdicts.map((v) => v.operation))).toEqual(
      new Set([
        'catalog/products_catalog.v3.yml#getAllBulkPricingRules',
        ...(before > 0 ? ['catalog/products_catalog.v3.yml#deleteBulkPricingRule'] : []),
        'catalog/products_catalog.v3.yml#createBulkPricingRule',
      ]),
    );
  });
});
