import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../helpers/log-capture.js';
import { type Stack, startStack } from '../helpers/stack.js';

const ADJUST = /* GraphQL */ `
  mutation Adjust($input: AdjustInventoryInput!) {
    adjustInventory(input: $input) {
      __typename
      ... on AdjustInventoryPayload {
        items { productEntityId variantEntityId locationEntityId level { onHand available } }
      }
      ... on Error { message code field }
    }
  }
`;
const PRODUCT = /* GraphQL */ `
  query Product($id: Int!) {
    product(entityId: $id) {
      inventory { level isInStock }
      variants { entityId inventoryLevel isPurchasable }
    }
  }
`;
const LEVELS = /* GraphQL */ `
  query Levels($id: Int!) {
    product(entityId: $id) {
      inventoryLevels { locationEntityId locationName onHand }
      variants { entityId inventoryLevels { locationEntityId locationName available onHand } }
    }
  }
`;

type Variant = { entityId: number; inventoryLevel: number | null; isPurchasable: boolean };
type ProductAnswer = {
  product: {
    inventory: { level: number; isInStock: boolean };
    variants: Variant[];
  };
};
type AdjustAnswer = {
  adjustInventory: {
    __typename: string;
    code?: string;
    field?: string;
    items?: { variantEntityId: number; level: { onHand: number } | null }[];
  };
};

const logs = captureLogger('trace');
let stack: Stack;
const keys = { internal: '', partner: '' };

beforeAll(async () => {
  // The whole-response and entity caches stay on: the adjustment must evict them itself.
  stack = await startStack({ sandbox: { products: 40 }, logger: logs.logger });
  keys.internal = (await stack.app.keys.create({ name: 'ops', role: 'internal', scopes: [] })).key;
  keys.partner = (
    await stack.app.keys.create({ name: 'feed', role: 'partner', scopes: ['catalog:read'] })
  ).key;
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.sandbox.counters.reset();
  logs.lines.length = 0;
});

async function gql<T>(query: string, key: string, variables: Record<string, unknown>) {
  const { body } = await stack.query<T>(query, variables, { authorization: `Bearer ${key}` });
  return body;
}

/**
 * A visible, purchasable product tracked by variant, its first variant alone in stock (6 at the
 * default location, none elsewhere). Stock is reset through the graph, which evicts what it changed.
 */
async function productWithVariants() {
  const product = stack.sandbox.store.products.find(
    (p) =>
      p.inventory_tracking === 'variant' &&
      p.is_visible &&
      p.availability === 'available' &&
      (stack.sandbox.store.variants.get(p.id) ?? []).length > 1 &&
      (stack.sandbox.store.variants.get(p.id) ?? []).every((v) => !v.purchasing_disabled),
  );
  if (!product) throw new Error('the seed has no product with variants');
  const variants = stack.sandbox.store.variants.get(product.id) ?? [];
  const first = variants[0];
  if (!first) throw new Error('expected a variant');
  const reset = await gql<AdjustAnswer>(ADJUST, keys.internal, {
    input: {
      reason: 'test setup',
      items: variants.flatMap((v, i) => [
        { productEntityId: product.id, variantEntityId: v.id, quantity: i === 0 ? 6 : 0 },
        { productEntityId: product.id, variantEntityId: v.id, locationEntityId: 2, quantity: 0 },
      ]),
    },
  });
  expect(reset.data?.adjustInventory.__typename).toBe('AdjustInventoryPayload');
  stack.sandbox.counters.reset();
  logs.lines.length = 0;
  return { product, first };
}

const variantOf = (answer: ProductAnswer, id: number) =>
  answer.product.variants.find((v) => v.entityId === id);

describe('adjustInventory', () => {
  it('sets a variant to 0: the next query shows level 0, not purchasable, not in stock', async () => {
    const { product, first } = await productWithVariants();
    // Warm every cache with the in-stock answer first.
    const before = await gql<ProductAnswer>(PRODUCT, keys.internal, { id: product.id });
    expect(before.errors).toBeUndefined();
    expect(variantOf(before.data as ProductAnswer, first.id)).toMatchObject({
      inventoryLevel: 6,
      isPurchasable: true,
    });
    expect(before.data?.product.inventory).toEqual({ level: 6, isInStock: true });

    const adjusted = await gql<AdjustAnswer>(ADJUST, keys.internal, {
      input: {
        reason: 'stock count',
        items: [{ productEntityId: product.id, variantEntityId: first.id, quantity: 0 }],
      },
    });
    expect(adjusted.errors).toBeUndefined();
    expect(adjusted.data?.adjustInventory).toMatchObject({
      __typename: 'AdjustInventoryPayload',
      items: [{ variantEntityId: first.id, level: { onHand: 0 } }],
    });
    expect(stack.sandbox.store.getVariant(product.id, first.id)?.inventory_level).toBe(0);

    const after = await gql<ProductAnswer>(PRODUCT, keys.internal, { id: product.id });
    expect(variantOf(after.data as ProductAnswer, first.id)).toMatchObject({
      inventoryLevel: 0,
      isPurchasable: false,
    });
    expect(after.data?.product.inventory).toEqual({ level: 0, isInStock: false });
    const audit = logs.lines.find((l) => l.audit === true && l.operation === 'adjustInventory');
    expect(audit).toMatchObject({ outcome: 'success' });
  });

  it('answers a delta below zero with InsufficientStockError and changes nothing', async () => {
    const { product, first } = await productWithVariants();
    const adjusted = await gql<AdjustAnswer>(ADJUST, keys.internal, {
      input: {
        reason: 'damaged',
        items: [{ productEntityId: product.id, variantEntityId: first.id, delta: -7 }],
      },
    });
    expect(adjusted.errors).toBeUndefined();
    expect(adjusted.data?.adjustInventory).toMatchObject({
      __typename: 'InsufficientStockError',
      code: 'INSUFFICIENT_STOCK',
      field: 'input.items.0.delta',
    });
    expect(stack.sandbox.store.getVariant(product.id, first.id)?.inventory_level).toBe(6);
    const after = await gql<ProductAnswer>(PRODUCT, keys.internal, { id: product.id });
    expect(variantOf(after.data as ProductAnswer, first.id)?.inventoryLevel).toBe(6);
    const audit = logs.lines.find((l) => l.audit === true && l.operation === 'adjustInventory');
    expect(audit).toMatchObject({ outcome: 'rejected' });
  });

  it('answers an unknown variant with NotFoundError, and quantity with delta is refused', async () => {
    const { product } = await productWithVariants();
    const missing = await gql<AdjustAnswer>(ADJUST, keys.internal, {
      input: {
        reason: 'count',
        items: [{ productEntityId: product.id, variantEntityId: 987_654, quantity: 1 }],
      },
    });
    expect(missing.data?.adjustInventory).toMatchObject({
      __typename: 'NotFoundError',
      field: 'input.items.0.variantEntityId',
    });
    stack.sandbox.counters.reset();
    const both = await gql<AdjustAnswer>(ADJUST, keys.internal, {
      input: { reason: 'count', items: [{ productEntityId: product.id, quantity: 1, delta: 1 }] },
    });
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('is FORBIDDEN for a partner key without inventory:write, and nothing reaches upstream', async () => {
    const { product, first } = await productWithVariants();
    stack.sandbox.counters.reset();
    const refused = await gql<AdjustAnswer>(ADJUST, keys.partner, {
      input: {
        reason: 'count',
        items: [{ productEntityId: product.id, variantEntityId: first.id, quantity: 0 }],
      },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.sandbox.counters.total()).toBe(0);
    expect(stack.sandbox.store.getVariant(product.id, first.id)?.inventory_level).toBe(6);
    const levels = await gql<unknown>(LEVELS, keys.partner, { id: product.id });
    expect(levels.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });
});

describe('inventoryLevels', () => {
  it('shows each variant’s stock per location, in one upstream call for the page', async () => {
    const { product, first } = await productWithVariants();
    const moved = await gql<AdjustAnswer>(ADJUST, keys.internal, {
      input: {
        reason: 'transfer',
        items: [
          { productEntityId: product.id, variantEntityId: first.id, locationEntityId: 2, delta: 4 },
        ],
      },
    });
    expect(moved.data?.adjustInventory.__typename).toBe('AdjustInventoryPayload');
    stack.sandbox.counters.reset();
    type Level = { locationEntityId: number; locationName: string; onHand: number };
    const body = await gql<{
      product: {
        inventoryLevels: Level[] | null;
        variants: { entityId: number; inventoryLevels: Level[] }[];
      };
    }>(LEVELS, keys.internal, { id: product.id });
    expect(body.errors).toBeUndefined();
    expect(body.data?.product.inventoryLevels).toBeNull();
    const variant = body.data?.product.variants.find((v) => v.entityId === first.id);
    expect(variant?.inventoryLevels).toEqual([
      { locationEntityId: 1, locationName: 'Default location', available: 6, onHand: 6 },
      { locationEntityId: 2, locationName: 'North warehouse', available: 4, onHand: 4 },
    ]);
    const inventoryCalls = stack.sandbox.counters
      .recent()
      .filter((line) => line.includes('/v3/inventory/items'));
    expect(inventoryCalls).toHaveLength(1);
  });
});
