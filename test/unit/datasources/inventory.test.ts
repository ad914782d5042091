import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/server.js';
import { UpstreamInputError } from '../../../src/datasources/errors.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import { InventoryApi } from '../../../src/datasources/inventory.js';
import { type ContractRig, startContractRig } from '../../helpers/contract-rig.js';
import type { OpenApiContract, recordingDispatcher } from '../../helpers/openapi-contract.js';

let rig: ContractRig;
let sandbox: Sandbox;
let recorder: ReturnType<typeof recordingDispatcher>;
let http: HttpClient;
let inventory: InventoryApi;
let contract: OpenApiContract;

beforeAll(async () => {
  rig = await startContractRig({ products: 30 });
  ({ sandbox, http, recorder, contract } = rig);
  inventory = new InventoryApi(http, { requestId: 'inventory-test' });
});

afterAll(() => rig?.close());

beforeEach(() => {
  recorder.requests.length = 0;
});

const byVariant = () => {
  const product = sandbox.store.products.find((p) => p.inventory_tracking === 'variant');
  if (!product) throw new Error('the seed has no product tracked by variant');
  return { product, variants: sandbox.store.variants.get(product.id) ?? [] };
};
const byProduct = () => {
  const product = sandbox.store.products.find((p) => p.inventory_tracking === 'product');
  if (!product) throw new Error('the seed has no product tracked by product');
  return product;
};

describe('InventoryApi against the sandbox store', () => {
  it('reads the items of products with a level per location, in one call', async () => {
    const { product, variants } = byVariant();
    const simple = byProduct();
    const items = await inventory.itemsOfProducts([product.id, simple.id]);
    expect(recorder.requests).toHaveLength(1);
    expect(items.map((i) => i.identity.variant_id).sort()).toEqual(
      [...variants.map((v) => v.id), sandbox.store.variants.get(simple.id)?.[0]?.id].sort(),
    );
    const simpleItem = items.find((i) => i.identity.product_id === simple.id);
    expect(simpleItem?.locations.map((l) => [l.location_id, l.total_inventory_onhand])).toEqual([
      [1, simple.inventory_level],
      [2, 0],
    ]);
  });

  it('sets and changes levels; a change below zero is refused, all or nothing', async () => {
    const { product, variants } = byVariant();
    const [first, second] = variants;
    if (!first || !second) throw new Error('expected two variants');
    await inventory.setLevels({
      reason: 'count',
      items: [
        { variant_id: first.id, location_id: 1, quantity: 4 },
        { variant_id: first.id, location_id: 2, quantity: 3 },
      ],
    });
    expect(sandbox.store.getVariant(product.id, first.id)?.inventory_level).toBe(7);
    await inventory.changeLevels({
      items: [{ variant_id: first.id, location_id: 2, quantity: -1 }],
    });
    expect(sandbox.store.getVariant(product.id, first.id)?.inventory_level).toBe(6);
    const before = second.inventory_level;
    const refused = inventory.changeLevels({
      items: [
        { variant_id: second.id, location_id: 1, quantity: 1 },
        { variant_id: first.id, location_id: 2, quantity: -3 },
      ],
    });
    await expect(refused).rejects.toBeInstanceOf(UpstreamInputError);
    await refused.catch((error: UpstreamInputError) =>
      expect(Object.keys(error.fields)).toEqual(['items.1.quantity']),
    );
    expect(sandbox.store.getVariant(product.id, second.id)?.inventory_level).toBe(before);
    expect(sandbox.store.getVariant(product.id, first.id)?.inventory_level).toBe(6);
  });

  it('builds only requests the spec accepts', async () => {
    const { variants } = byVariant();
    const simple = byProduct();
    const variant = variants[0];
    if (!variant) throw new Error('expected a variant');
    await inventory.itemsOfProducts([simple.id, variant.product_id]);
    await inventory.setLevels({ items: [{ product_id: simple.id, location_id: 1, quantity: 9 }] });
    await inventory.changeLevels({
      reason: 'returns',
      items: [{ variant_id: variant.id, location_id: 2, quantity: 2 }],
    });
    const verdicts = recorder.requests.map((request) => contract.check(request));
    expect(verdicts.map((v) => v.operation)).toEqual([
      'inventory.v3.yml#get-inventory-items',
      'inventory.v3.yml#put-absolute-adjustment',
      'inventory.v3.yml#post-relative-adjustment',
    ]);
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
  });
});
