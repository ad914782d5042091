import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../sandbox/server.js';
import { CatalogWritesApi } from '../../../src/datasources/catalog-writes.js';
import { UpstreamInputError } from '../../../src/datasources/errors.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import { DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS } from '../../helpers/documented-extras.js';
import {
  loadContract,
  type OpenApiContract,
  recordingDispatcher,
} from '../../helpers/openapi-contract.js';
import { sandboxHttpClient } from '../../helpers/sandbox-http-client.js';

const SPECS = fileURLToPath(new URL('../../fixtures/bigcommerce/openapi/', import.meta.url));

/** Candidates for `KNOWN_SPEC_DEFECTS` (test/helpers/documented-extras.ts, the lead's file). */

let sandbox: Sandbox;
let recorder: ReturnType<typeof recordingDispatcher>;
let http: HttpClient;
let writes: CatalogWritesApi;
let contract: OpenApiContract;

beforeAll(async () => {
  sandbox = await createSandbox({ products: 30, quota: { requests: 10_000, windowMs: 60_000 } });
  recorder = recordingDispatcher();
  http = sandboxHttpClient(sandbox, { maxRetries: 0, dispatcher: recorder.dispatcher });
  writes = new CatalogWritesApi(http, { requestId: 'catalog-writes-test' });
  contract = await loadContract(SPECS, DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS);
});

afterAll(async () => {
  await http?.close();
  await sandbox?.close();
  await recorder?.close();
});

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
});
