import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

interface Amount {
  amount: string;
  currencyCode?: string;
}
interface PricedProduct {
  prices: {
    price: Amount;
    basePrice: Amount;
    salePrice: Amount | null;
    priceRange: { min: Amount; max: Amount };
  };
  variants: { entityId: number; price: Amount | null }[];
}

const PRICES = /* GraphQL */ `
  query($id: Int!) {
    product(entityId: $id) {
      prices {
        price { amount currencyCode } basePrice { amount } salePrice { amount }
        priceRange { min { amount } max { amount } }
      }
      variants { entityId price { amount } }
    }
  }
`;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 30, seed: 11 } });
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.sandbox.counters.reset();
});

/** The n-th visible product of the seeded store with at least three variants, for ranges. */
function productWithVariants(n: number): number {
  const found = stack.sandbox.store.products.filter(
    (p) => p.is_visible && (stack.sandbox.store.variants.get(p.id) ?? []).length >= 3,
  )[n];
  if (!found) throw new Error(`the seeded store has no visible product #${n} with three variants`);
  return found.id;
}

/** Sets the upstream prices (JSON numbers) of a product and of its first variants. */
function setPrices(productId: number, price: number, variantPrices: readonly number[]): void {
  const { store } = stack.sandbox;
  store.updateProduct(productId, { price, sale_price: 0 });
  const variants = store.variants.get(productId) ?? [];
  variantPrices.forEach((variantPrice, i) => {
    store.updateVariant(productId, variants[i]!.id, { price: variantPrice, sale_price: null });
  });
}

describe('Money', () => {
  it('answers amounts as decimal strings, digit for digit as upstream sent them', async () => {
    const id = productWithVariants(0);
    setPrices(id, 0.1, [19.99, 1e21, 5e-7]);
    const { body } = await stack.query<{ product: PricedProduct }>(PRICES, { id });
    expect(body.errors).toBeUndefined();
    const { prices, variants } = body.data!.product;
    expect(prices.price).toEqual({ amount: '0.10', currencyCode: 'USD' });
    expect(prices.basePrice).toEqual({ amount: '0.10' });
    expect(prices.salePrice).toBeNull();
    expect(variants.slice(0, 3).map((v) => v.price?.amount)).toEqual([
      '19.99',
      '1000000000000000000000.00',
      '0.0000005',
    ]);
  });

  it('takes the price range by value over the variants, exactly', async () => {
    const id = productWithVariants(1);
    // As text "100.00" < "10.25" < "9.50": a comparison of the strings would get both ends wrong.
    setPrices(id, 50, [10.25, 9.5, 100]);
    const variants = stack.sandbox.store.variants.get(id) ?? [];
    variants.slice(3).forEach((v) => {
      stack.sandbox.store.updateVariant(id, v.id, { price: 20, sale_price: null });
    });
    const { body } = await stack.query<{ product: PricedProduct }>(PRICES, { id });
    expect(body.errors).toBeUndefined();
    expect(body.data!.product.prices.priceRange).toEqual({
      min: { amount: '9.50' },
      max: { amount: '100.00' },
    });
  });

  it('filters by a Decimal price range, sent upstream as the text the caller wrote', async () => {
    const { body } = await stack.query<{
      products: { edges: { node: { entityId: number; prices: { basePrice: Amount } } }[] };
    }>(
      `query($min: Decimal, $max: Decimal) {
        products(first: 100, filter: { price: { min: $min, max: $max } }) {
          edges { node { entityId prices { basePrice { amount } } } } } }`,
      { min: '10.50', max: '60.00' },
    );
    expect(body.errors).toBeUndefined();
    const [path] = stack.sandbox.counters.recent();
    expect(path).toContain('price:min=10.50&price:max=60.00');
    const expected = stack.sandbox.store.products
      .filter((p) => p.is_visible && p.price >= 10.5 && p.price <= 60)
      .map((p) => p.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.data!.products.edges.map((e) => e.node.entityId).sort((a, b) => a - b)).toEqual(
      expected.sort((a, b) => a - b),
    );
  });

  it.each([
    ['a float literal', '{ products(filter: { price: { min: 10.5 } }) { totalCount } }', {}],
    ['an int literal', '{ products(filter: { price: { max: 10 } }) { totalCount } }', {}],
    ['an exponent string', '{ products(filter: { price: { min: "1e3" } }) { totalCount } }', {}],
    ['a bare fraction', '{ products(filter: { price: { min: ".5" } }) { totalCount } }', {}],
    [
      'a number variable',
      'query($min: Decimal) { products(filter: { price: { min: $min } }) { totalCount } }',
      { min: 10.5 },
    ],
    [
      'a word variable',
      'query($min: Decimal) { products(filter: { price: { min: $min } }) { totalCount } }',
      { min: 'ten' },
    ],
  ])('refuses %s as a Decimal with BAD_USER_INPUT and no upstream call', async (_, query, vars) => {
    const { body } = await stack.query(query, vars);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/Decimal must be a string of a base-10 number/);
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});
