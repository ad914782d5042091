import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox({ products: 40, quota: { requests: 10_000, windowMs: 60_000 } });
});
afterAll(() => sandbox?.close());

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/stores/${sandbox.storeHash}${path}`, {
    method,
    headers: {
      'x-auth-token': sandbox.accessToken,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

type Item = {
  identity: { sku: string; variant_id: number; product_id: number };
  locations: { location_id: number; location_name: string; total_inventory_onhand: number }[];
};
const itemsOf = async (query: string) =>
  (await call('GET', `/v3/inventory/items?${query}`)).body.data as Item[];
const levelsOf = (item: Item | undefined) =>
  item?.locations.map((l) => [l.location_id, l.total_inventory_onhand]);

const variantTracked = () => {
  const product = sandbox.store.products.find(
    (p) =>
      p.inventory_tracking === 'variant' && (sandbox.store.variants.get(p.id)?.length ?? 0) > 1,
  );
  if (!product) throw new Error('the seed has no product with variants');
  return { product, variants: sandbox.store.variants.get(product.id) ?? [] };
};

describe('sandbox inventory', () => {
  it('seeds the default location 1 and a second one', async () => {
    const { status, body } = await call('GET', '/v3/inventory/locations');
    expect(status).toBe(200);
    const locations = body.data as { id: number; code: string; label: string; enabled: boolean }[];
    expect(locations.map((l) => l.id)).toEqual([1, 2]);
    const defaults = (await call('GET', '/v3/inventory/locations?is_default=true')).body;
    expect((defaults.data as { id: number }[]).map((l) => l.id)).toEqual([1]);
  });

  it('lists items per location: the catalog level at the default location, filtered', async () => {
    const { product, variants } = variantTracked();
    const items = await itemsOf(`product_id:in=${product.id}`);
    expect(items.map((i) => i.identity.variant_id)).toEqual(variants.map((v) => v.id));
    expect(levelsOf(items[0])).toEqual([
      [1, variants[0]?.inventory_level],
      [2, 0],
    ]);
    const one = await itemsOf(`variant_id:in=${variants[1]?.id}&location_id:in=2`);
    expect(one.map((i) => [i.identity.variant_id, i.locations.map((l) => l.location_id)])).toEqual([
      [variants[1]?.id, [2]],
    ]);
    const bySku = await itemsOf(`sku:in=${variants[0]?.sku}`);
    expect(bySku.map((i) => i.identity.variant_id)).toEqual([variants[0]?.id]);
  });

  it('keeps the catalog at the sum over locations, and fires the inventory webhooks', async () => {
    const { product, variants } = variantTracked();
    const [a, b] = variants;
    if (!a || !b) throw new Error('expected two variants');
    const emitted: string[] = [];
    const emit = sandbox.store.hooks.emit.bind(sandbox.store.hooks);
    sandbox.store.hooks.emit = (scope, data) => {
      emitted.push(scope);
      return emit(scope, data);
    };
    try {
      const put = await call('PUT', '/v3/inventory/adjustments/absolute', {
        reason: 'count',
        items: [
          { location_id: 1, variant_id: a.id, quantity: 5 },
          { location_id: 2, variant_id: a.id, quantity: 3 },
          { location_id: 1, sku: b.sku, quantity: 2 },
        ],
      });
      expect(put.status).toBe(200);
      expect(typeof put.body.transaction_id).toBe('string');
    } finally {
      sandbox.store.hooks.emit = emit;
    }
    expect(sandbox.store.getVariant(product.id, a.id)?.inventory_level).toBe(8);
    const total = variants.reduce((sum, v) => sum + (v.inventory_level ?? 0), 0);
    expect(sandbox.store.getProduct(product.id)?.inventory_level).toBe(total);
    expect(emitted).toContain('store/sku/inventory/updated');
    expect(levelsOf((await itemsOf(`variant_id:in=${a.id}`))[0])).toEqual([
      [1, 5],
      [2, 3],
    ]);

    const post = await call('POST', '/v3/inventory/adjustments/relative', {
      items: [{ location_id: 2, variant_id: a.id, quantity: -2 }],
    });
    expect(post.status).toBe(200);
    expect(levelsOf((await itemsOf(`variant_id:in=${a.id}`))[0])).toEqual([
      [1, 5],
      [2, 1],
    ]);
    expect(sandbox.store.getVariant(product.id, a.id)?.inventory_level).toBe(6);
  });

  it('refuses a relative change below zero (422) and changes nothing of the batch', async () => {
    const { product, variants } = variantTracked();
    const [a, b] = variants;
    if (!a || !b) throw new Error('expected two variants');
    const before = [a.inventory_level, b.inventory_level];
    const refused = await call('POST', '/v3/inventory/adjustments/relative', {
      items: [
        { location_id: 1, variant_id: b.id, quantity: 1 },
        { location_id: 1, variant_id: a.id, quantity: -((a.inventory_level ?? 0) + 1) },
      ],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ 'items.1.quantity': expect.any(String) });
    const after = [
      sandbox.store.getVariant(product.id, a.id)?.inventory_level,
      sandbox.store.getVariant(product.id, b.id)?.inventory_level,
    ];
    expect(after).toEqual(before);
  });

  it('answers items tracked the other way, unknown items and locations with 422', async () => {
    const { product, variants } = variantTracked();
    const simple = sandbox.store.products.find((p) => p.inventory_tracking === 'product');
    if (!simple) throw new Error('the seed has no product tracked by product');
    const base = sandbox.store.variants.get(simple.id)?.[0];
    const refused = await call('PUT', '/v3/inventory/adjustments/absolute', {
      items: [
        { location_id: 1, product_id: product.id, quantity: 1 },
        { location_id: 1, variant_id: base?.id, quantity: 1 },
        { location_id: 9, variant_id: variants[0]?.id, quantity: 1 },
        { location_id: 1, variant_id: 999_999, quantity: 1 },
      ],
    });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.errors as object)).toEqual([
      'items.0.product_id',
      'items.1.variant_id',
      'items.2.location_id',
      'items.3.variant_id',
    ]);
    const ok = await call('PUT', '/v3/inventory/adjustments/absolute', {
      items: [{ location_id: 2, product_id: simple.id, quantity: 4 }],
    });
    expect(ok.status).toBe(200);
    const item = (await itemsOf(`product_id:in=${simple.id}`))[0];
    const levels = levelsOf(item) ?? [];
    expect(levels[1]).toEqual([2, 4]);
    expect(sandbox.store.getProduct(simple.id)?.inventory_level).toBe(
      levels.reduce((sum, [, level]) => sum + (level ?? 0), 0),
    );
  });
});
