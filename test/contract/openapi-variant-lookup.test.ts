import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { type Stack, startStack } from '../helpers/stack.js';

// `GET /v3/catalog/variants` has no `id:in` in the spec, so `node(id:)` for a Variant reads it
// through what the spec offers: the global id carries the product, and variants are fetched by
// `product_id:in`; ids issued before that (variant id alone) cost one `id=` call each.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    sandbox: { products: 30, seed: 11 },
    env: { CACHE_MODE: 'off', RESPONSE_CACHE_TTL_S: '0' },
  });
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.counters.reset());

const VARIANT =
  'query($id: ID!) { node(id: $id) { id ... on Variant { entityId productEntityId sku } } }';
type VariantNode = { node: { id: string; entityId: number; productEntityId: number; sku: string } };

const variantsUrls = () =>
  stack.sandbox.counters.recent().filter((path) => path.includes('/v3/catalog/variants'));

describe('Variant global ids', () => {
  it('round-trips a product’s variant ids through nodes() in one product_id:in call', async () => {
    const { body } = await stack.query<{
      product: { variants: { id: string; entityId: number }[] };
    }>('{ product(entityId: 4) { variants { id entityId } } }');
    const variants = body.data!.product.variants;
    expect(variants.length).toBeGreaterThan(0);
    stack.sandbox.counters.reset();
    const { body: byId } = await stack.query<{ nodes: { entityId: number; sku: string }[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Variant { entityId sku productEntityId } } }',
      { ids: variants.map((v) => v.id) },
    );
    expect(byId.errors).toBeUndefined();
    expect(byId.data!.nodes.map((n) => n.entityId)).toEqual(variants.map((v) => v.entityId));
    expect(variantsUrls()).toEqual([
      '/stores/sandbox1/v3/catalog/variants?product_id:in=4&page=1&limit=250',
    ]);
  });

  it('still resolves an id of the variant alone, with one id= call', async () => {
    const stored = stack.sandbox.store.variants.get(7)![0]!;
    const { body } = await stack.query<VariantNode>(VARIANT, {
      id: encodeGlobalId('Variant', stored.id),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.node).toMatchObject({
      entityId: stored.id,
      productEntityId: 7,
      sku: stored.sku,
    });
    expect(body.data!.node.id).toBe(encodeGlobalId('Variant', `7:${stored.id}`));
    expect(variantsUrls()).toEqual([`/stores/sandbox1/v3/catalog/variants?id=${stored.id}`]);
  });

  it('answers null for a variant id paired with another product, even beside the right one', async () => {
    const stored = stack.sandbox.store.variants.get(7)![0]!;
    const { body } = await stack.query<{ nodes: ({ entityId: number } | null)[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Variant { entityId } } }',
      {
        ids: [`7:${stored.id}`, `8:${stored.id}`].map((local) => encodeGlobalId('Variant', local)),
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ nodes: [{ entityId: stored.id }, null] });
  });

  it.each(['1:2:3', '0:5', 'a:5', '5:', '1e3', ' 12', '-4'])(
    'refuses Variant:%s with BAD_USER_INPUT and no upstream call',
    async (local) => {
      const { body } = await stack.query(VARIANT, { id: encodeGlobalId('Variant', local) });
      expect(body.data).toEqual({ node: null });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(stack.sandbox.counters.total()).toBe(0);
    },
  );
});
