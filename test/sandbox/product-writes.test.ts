import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server.js';
import { startSandbox } from './helpers.js';

let sandbox: Sandbox;
let base: string;

beforeAll(async () => {
  ({ sandbox } = await startSandbox({ products: 20 }));
  base = `${sandbox.url}/stores/${sandbox.storeHash}`;
});

afterAll(async () => {
  await sandbox?.close();
});

type Json = Record<string, unknown>;

async function send(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'X-Auth-Token': sandbox.accessToken, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
}

const newProduct = (suffix: string) => ({
  name: `Writer ${suffix}`,
  type: 'physical',
  sku: `W-${suffix}`,
  price: 12.5,
  weight: 1,
  categories: [sandbox.store.categories[0]?.id],
  brand_id: sandbox.store.brands[0]?.id,
  variants: [
    { sku: `W-${suffix}-S`, option_values: [{ option_display_name: 'Size', label: 'S' }] },
    {
      sku: `W-${suffix}-L`,
      price: 14,
      option_values: [{ option_display_name: 'Size', label: 'L' }],
    },
  ],
});

describe('product writes', () => {
  it('creates a product with its variants, lists it, and calls back store/product/created', async () => {
    const emitted: string[] = [];
    const emit = sandbox.store.hooks.emit.bind(sandbox.store.hooks);
    sandbox.store.hooks.emit = (scope, data) => {
      emitted.push(scope);
      return emit(scope, data);
    };
    const created = await send('POST', '/v3/catalog/products?include=variants', newProduct('a'));
    sandbox.store.hooks.emit = emit;
    expect(created.status).toBe(200);
    const data = created.body.data as Json & { id: number; variants: Json[] };
    expect(data).toMatchObject({
      name: 'Writer a',
      sku: 'W-a',
      price: 12.5,
      calculated_price: 12.5,
    });
    expect(data.variants.map((v) => [v.sku, v.calculated_price])).toEqual([
      ['W-a-S', 12.5],
      ['W-a-L', 14],
    ]);
    expect(emitted).toContain('store/product/created');
    const listed = await send('GET', `/v3/catalog/products?id:in=${data.id}`);
    expect((listed.body.data as Json[]).map((p) => p.name)).toEqual(['Writer a']);
  });

  it('refuses a duplicate name or SKU with a 409 and the fields, creating nothing', async () => {
    const before = sandbox.store.products.length;
    const again = await send('POST', '/v3/catalog/products', {
      ...newProduct('b'),
      name: 'Writer a',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409, errors: { name: expect.any(String) } });
    const sku = await send('POST', '/v3/catalog/products', {
      ...newProduct('c'),
      variants: [{ sku: 'W-a-S' }],
    });
    expect(sku.status).toBe(409);
    expect(sku.body.errors).toHaveProperty('sku');
    const brand = await send('POST', '/v3/catalog/products', {
      ...newProduct('d'),
      brand_id: 99_999,
    });
    expect(brand.status).toBe(409);
    expect(brand.body.errors).toHaveProperty('brand_id');
    expect(sandbox.store.products.length).toBe(before);
  });

  it('refuses bad fields with a 422 naming them', async () => {
    const bad = await send('POST', '/v3/catalog/products', { name: 'x', type: 'boat', price: -1 });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors as Json).sort()).toEqual(['price', 'type', 'weight']);
  });

  it('updates one product, then deletes it (204, then 404)', async () => {
    const id = (sandbox.store.products.at(-1) as { id: number }).id;
    const put = await send('PUT', `/v3/catalog/products/${id}`, { price: 99.95 });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ id, price: 99.95, calculated_price: 99.95 });
    const clash = await send('PUT', `/v3/catalog/products/${id}`, { sku: 'SKU-00001' });
    expect(clash.status).toBe(409);
    expect((await send('PUT', '/v3/catalog/products/99999', { price: 1 })).status).toBe(404);
    expect((await send('DELETE', `/v3/catalog/products/${id}`)).status).toBe(204);
    expect((await send('GET', `/v3/catalog/products/${id}`)).status).toBe(404);
  });

  it('updates up to 10 products at once; 11 is a 413, a bad item a 422 that changes nothing', async () => {
    const batch = [1, 2, 3].map((id) => ({ id, price: 10 + id }));
    const ok = await send('PUT', '/v3/catalog/products', batch);
    expect(ok.status).toBe(200);
    expect((ok.body.data as Json[]).map((p) => [p.id, p.price])).toEqual([
      [1, 11],
      [2, 12],
      [3, 13],
    ]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ id: i + 1, price: 1 }));
    const tooMany = await send('PUT', '/v3/catalog/products', eleven);
    expect(tooMany.status).toBe(413);
    const bad = await send('PUT', '/v3/catalog/products', [
      { id: 1, price: 50 },
      { id: 2, price: -5 },
    ]);
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty('1.price');
    expect(sandbox.store.getProduct(1)?.price).toBe(11);
  });
});
