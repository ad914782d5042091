import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
const B = { id: 5, password: 'customer-b-password' };

beforeAll(async () => {
  stack = await startStack({
    sandbox: { products: 30, quota: { requests: 10_000, windowMs: 60_000 } },
  });
  stack.sandbox.store.customers.setPassword(B.id, B.password);
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.counters.reset());

const CART = `id entityId customerEntityId currencyCode itemCount
  baseAmount { amount currencyCode } discountAmount { amount } cartAmount { amount }
  lineItems { entityId productEntityId variantEntityId quantity sku name
    listPrice { amount } extendedSalePrice { amount } selectedOptions { name value }
    product { entityId name } variant { entityId sku } }`;
const ERR = '... on Error { __typename code field message }';

const CREATE = `mutation($input: CreateCartInput!) { createCart(input: $input) {
  __typename ... on CreateCartPayload { cart { ${CART} } } ${ERR} } }`;
const ADD = `mutation($input: AddCartLineItemsInput!) { addCartLineItems(input: $input) {
  __typename ... on AddCartLineItemsPayload { cart { ${CART} } } ${ERR} } }`;
const UPDATE = `mutation($input: UpdateCartLineItemInput!) { updateCartLineItem(input: $input) {
  __typename ... on UpdateCartLineItemPayload { cart { ${CART} } } ${ERR} } }`;
const REMOVE = `mutation($input: RemoveCartLineItemInput!) { removeCartLineItem(input: $input) {
  __typename ... on RemoveCartLineItemPayload { cart { entityId itemCount } } ${ERR} } }`;
const READ = `query($id: ID!) { cart(id: $id) { ${CART} } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) {
  __typename ... on CustomerSession { accessToken customer { entityId } } ${ERR} } }`;

// biome-ignore lint/suspicious/noExplicitAny: answers are read by path in assertions; their shapes are checked against the spec (sandbox) or by the assertions themselves.
type Json = Record<string, any>;
async function gql(query: string, variables: Json, token?: string): Promise<Json> {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const { body } = await stack.query<Json>(query, variables, headers);
  expect(body.errors).toBeUndefined();
  return body.data as Json;
}
async function login(email: string, password: string, guestCartId?: string): Promise<string> {
  const data = await gql(LOGIN, { input: { email, password, guestCartId } });
  expect(data.login.__typename).toBe('CustomerSession');
  return data.login.accessToken;
}
const emailOf = (id: number) =>
  stack.sandbox.store.customers.customers.find((c) => c.id === id)?.email ?? '';
async function guestCart(items: Json[] = [{ productEntityId: 3, quantity: 1 }]): Promise<Json> {
  const data = await gql(CREATE, { input: { lineItems: items } });
  expect(data.createCart.__typename).toBe('CreateCartPayload');
  return data.createCart.cart;
}

describe('guest cart', () => {
  it('creates, adds, updates and removes with totals as the sandbox prices them', async () => {
    const cart = await guestCart([{ productEntityId: 1, variantEntityId: 2, quantity: 2 }]);
    expect(cart.customerEntityId).toBeNull();
    expect(cart.lineItems[0]).toMatchObject({
      productEntityId: 1,
      variantEntityId: 2,
      quantity: 2,
    });
    expect(cart.lineItems[0].product.entityId).toBe(1);
    expect(cart.lineItems[0].selectedOptions.length).toBe(2);

    const added = (
      await gql(ADD, {
        input: { cartId: cart.entityId, lineItems: [{ productEntityId: 3, quantity: 3 }] },
      })
    ).addCartLineItems.cart;
    expect(added.itemCount).toBe(5);
    const stored = stack.sandbox.store.carts.get(cart.entityId);
    const cents = stored.lines.reduce((sum, l) => sum + l.listPriceCents * l.quantity, 0);
    expect(added.baseAmount.amount).toBe((cents / 100).toFixed(2));
    expect(added.cartAmount.amount).toBe(added.baseAmount.amount);
    expect(added.discountAmount.amount).toBe('0.00');

    const line = added.lineItems.find((l: Json) => l.productEntityId === 3);
    const updated = (
      await gql(UPDATE, {
        input: { cartId: cart.entityId, lineItemEntityId: line.entityId, quantity: 1 },
      })
    ).updateCartLineItem.cart;
    expect(updated.itemCount).toBe(3);

    const removed = (
      await gql(REMOVE, { input: { cartId: cart.entityId, lineItemEntityId: line.entityId } })
    ).removeCartLineItem.cart;
    expect(removed.itemCount).toBe(2);
    const last = updated.lineItems.find((l: Json) => l.productEntityId === 1);
    const gone = await gql(REMOVE, {
      input: { cartId: cart.entityId, lineItemEntityId: last.entityId },
    });
    expect(gone.removeCartLineItem).toEqual({
      __typename: 'RemoveCartLineItemPayload',
      cart: null,
    });
    expect(stack.sandbox.store.carts.find(cart.entityId)).toBeUndefined();
  });

  it('reads a cart page in a constant number of upstream calls, whatever its item count', async () => {
    const small = await guestCart([{ productEntityId: 3, quantity: 1 }]);
    const big = await guestCart([
      { productEntityId: 3, quantity: 1 },
      { productEntityId: 1, variantEntityId: 1, quantity: 1 },
      { productEntityId: 9, variantEntityId: 24, quantity: 1 },
      { productEntityId: 12, variantEntityId: 30, quantity: 1 },
    ]);
    const calls = async (id: string) => {
      stack.sandbox.counters.reset();
      const data = await gql(READ, { id });
      expect(data.cart.entityId).toBe(id);
      return stack.sandbox.counters.total();
    };
    // Fresh loaders per request; the products' entity cache is warm after the first read.
    await calls(big.entityId);
    expect(await calls(small.entityId)).toBe(await calls(big.entityId));
    expect(await calls(big.entityId)).toBeLessThanOrEqual(3);
  });

  it('is never answered from a shared cache: a guest sees their own last change, over POST and GET', async () => {
    const cart = await guestCart([{ productEntityId: 3, quantity: 1 }]);
    const read = async (method: 'GET' | 'POST') => {
      if (method === 'POST') {
        const { body, response } = await stack.query<Json>(READ, { id: cart.entityId });
        return {
          count: body.data?.cart.itemCount as number,
          cacheControl: response.headers.get('cache-control'),
        };
      }
      const url = new URL(stack.endpoint);
      url.searchParams.set('query', READ);
      url.searchParams.set('variables', JSON.stringify({ id: cart.entityId }));
      const response = await fetch(url, { headers: { 'x-graphql-yoga-csrf': '1' } });
      const body = (await response.json()) as Json;
      return {
        count: body.data.cart.itemCount as number,
        cacheControl: response.headers.get('cache-control'),
      };
    };
    expect(await read('GET')).toEqual({ count: 1, cacheControl: 'private, no-store' });
    expect((await read('POST')).count).toBe(1);
    const line = cart.lineItems[0].entityId;
    await gql(UPDATE, { input: { cartId: cart.entityId, lineItemEntityId: line, quantity: 3 } });
    expect(await read('GET')).toEqual({ count: 3, cacheControl: 'private, no-store' });
    expect((await read('POST')).count).toBe(3);
  });

  it('answers an out-of-stock add with OutOfStockError and leaves the cart as it was', async () => {
    const cart = await guestCart();
    const before = JSON.stringify(stack.sandbox.store.carts.get(cart.entityId));
    const data = await gql(ADD, {
      input: { cartId: cart.entityId, lineItems: [{ productEntityId: 4, quantity: 1 }] },
    });
    expect(data.addCartLineItems).toMatchObject({
      __typename: 'OutOfStockError',
      code: 'OUT_OF_STOCK',
      field: 'input.lineItems.0.quantity',
    });
    expect(JSON.stringify(stack.sandbox.store.carts.get(cart.entityId))).toBe(before);
  });

  it('answers a quantity over the product maximum with QuantityLimitError', async () => {
    stack.sandbox.store.updateProduct(3, { order_quantity_maximum: 2 });
    try {
      const data = await gql(CREATE, {
        input: { lineItems: [{ productEntityId: 3, quantity: 3 }] },
      });
      expect(data.createCart).toMatchObject({
        __typename: 'QuantityLimitError',
        code: 'QUANTITY_LIMIT',
      });
    } finally {
      stack.sandbox.store.updateProduct(3, { order_quantity_maximum: 0 });
    }
  });

  it('rejects malformed input without a single upstream request', async () => {
    const cases: [string, Json][] = [
      [CREATE, { input: { lineItems: [] } }],
      [CREATE, { input: { lineItems: [{ productEntityId: -1, quantity: 1 }] } }],
      [CREATE, { input: { lineItems: [{ productEntityId: 3, quantity: 0 }] } }],
      [ADD, { input: { cartId: 'not-a-uuid', lineItems: [{ productEntityId: 3, quantity: 1 }] } }],
      [READ, { id: '../carts' }],
    ];
    for (const [query, variables] of cases) {
      const { body } = await stack.query(query, variables);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});

describe("a customer's cart", () => {
  it('is attached at login with guestCartId, then reachable by its owner only', async () => {
    const cart = await guestCart();
    const a = await login(
      DEMO_CUSTOMER_CREDENTIALS.email,
      DEMO_CUSTOMER_CREDENTIALS.password,
      cart.entityId,
    );
    expect(stack.sandbox.store.carts.get(cart.entityId).customerId).toBe(1);
    expect((await gql(READ, { id: cart.entityId }, a)).cart.customerEntityId).toBe(1);

    const b = await login(emailOf(B.id), B.password);
    const missing = (await gql(READ, { id: crypto.randomUUID() }, b)).cart;
    expect((await gql(READ, { id: cart.entityId }, b)).cart).toBe(missing);
    expect((await gql(READ, { id: cart.entityId })).cart).toBeNull();

    const before = JSON.stringify(stack.sandbox.store.carts.get(cart.entityId));
    const theirs = await gql(
      ADD,
      { input: { cartId: cart.entityId, lineItems: [{ productEntityId: 3, quantity: 1 }] } },
      b,
    );
    const nobodys = await gql(
      ADD,
      { input: { cartId: crypto.randomUUID(), lineItems: [{ productEntityId: 3, quantity: 1 }] } },
      b,
    );
    expect(theirs).toEqual(nobodys);
    expect(theirs.addCartLineItems.__typename).toBe('NotFoundError');
    expect(JSON.stringify(stack.sandbox.store.carts.get(cart.entityId))).toBe(before);
  });

  it('leaves a cart that is not a guest cart alone at login', async () => {
    const a = await login(DEMO_CUSTOMER_CREDENTIALS.email, DEMO_CUSTOMER_CREDENTIALS.password);
    const own = (
      await gql(CREATE, { input: { lineItems: [{ productEntityId: 3, quantity: 1 }] } }, a)
    ).createCart.cart;
    expect(own.customerEntityId).toBe(1);
    await login(emailOf(B.id), B.password, own.entityId);
    expect(stack.sandbox.store.carts.get(own.entityId).customerId).toBe(1);
  });
});
