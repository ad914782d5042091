import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromCents } from '../../sandbox/carts/cents.js';
import { SANDBOX_COUPONS } from '../../sandbox/carts/coupons.js';
import { priceCart } from '../../sandbox/carts/pricing.js';
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

// biome-ignore lint/suspicious/noExplicitAny: answers are read by path in assertions; their shapes are checked against the spec (sandbox) or by the assertions themselves.
type Json = Record<string, any>;
const ERR = '... on Error { __typename code field }';
const CHECKOUT = `entityId subtotal { amount } shippingCost { amount } taxTotal { amount }
  discountTotal { amount } grandTotal { amount } billingAddress { firstName city countryCode }
  coupons { code discountedAmount { amount } }
  consignments { entityId lineItemEntityIds address { city }
    availableShippingOptions { entityId description cost { amount } }
    selectedShippingOption { entityId description } }`;
const m = (name: string, input: string, payload: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { __typename ... on ${payload} { checkout { ${CHECKOUT} } } ${ERR} } }`;
const BILLING = m(
  'setCheckoutBillingAddress',
  'SetCheckoutBillingAddressInput',
  'SetCheckoutBillingAddressPayload',
);
const SHIPPING = m(
  'setCheckoutShippingAddress',
  'SetCheckoutShippingAddressInput',
  'SetCheckoutShippingAddressPayload',
);
const SELECT = m(
  'selectCheckoutShippingOption',
  'SelectCheckoutShippingOptionInput',
  'SelectCheckoutShippingOptionPayload',
);
const COUPON = m('applyCheckoutCoupon', 'ApplyCheckoutCouponInput', 'ApplyCheckoutCouponPayload');
const UNCOUPON = m(
  'removeCheckoutCoupon',
  'RemoveCheckoutCouponInput',
  'RemoveCheckoutCouponPayload',
);
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {
  __typename ... on PlaceOrderPayload { order { entityId } } ${ERR} } }`;
const CREATE = `mutation($input: CreateCartInput!) { createCart(input: $input) {
  ... on CreateCartPayload { cart { entityId } } ${ERR} } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ... on CustomerSession { accessToken } } }`;
const READ = `query($id: ID!) { checkout(id: $id) { ${CHECKOUT} } }`;

const ADDRESS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  address1: '12 Analytical Row',
  city: 'London',
  stateOrProvince: 'Greater London',
  postalCode: 'N1 9GU',
  countryCode: 'GB',
};

async function gql(query: string, variables: Json, token?: string): Promise<Json> {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const { body } = await stack.query<Json>(query, variables, headers);
  expect(body.errors).toBeUndefined();
  return body.data as Json;
}
async function newCart(token?: string): Promise<string> {
  const items = [
    { productEntityId: 3, quantity: 2 },
    { productEntityId: 1, variantEntityId: 1, quantity: 1 },
  ];
  return (await gql(CREATE, { input: { lineItems: items } }, token)).createCart.cart.entityId;
}
const amount = (cents: number) => fromCents(cents).toFixed(2);
const login = async (email: string, password: string) =>
  (await gql(LOGIN, { input: { email, password } })).login.accessToken as string;

describe('checkout', () => {
  it('takes addresses, a shipping option and a coupon, with totals as the sandbox computes them', async () => {
    const id = await newCart();
    const billed = (await gql(BILLING, { input: { checkoutId: id, address: ADDRESS } }))
      .setCheckoutBillingAddress;
    expect(billed.checkout.billingAddress).toEqual({
      firstName: 'Ada',
      city: 'London',
      countryCode: 'GB',
    });

    const shipped = (await gql(SHIPPING, { input: { checkoutId: id, address: ADDRESS } }))
      .setCheckoutShippingAddress;
    const [consignment] = shipped.checkout.consignments;
    expect(consignment.lineItemEntityIds).toHaveLength(2);
    expect(consignment.availableShippingOptions.map((o: Json) => o.description)).toContain(
      'Flat Rate',
    );
    const flat = consignment.availableShippingOptions.find(
      (o: Json) => o.description === 'Flat Rate',
    );

    const chosen = (
      await gql(SELECT, {
        input: {
          checkoutId: id,
          consignmentEntityId: consignment.entityId,
          shippingOptionEntityId: flat.entityId,
        },
      })
    ).selectCheckoutShippingOption.checkout;
    expect(chosen.consignments[0].selectedShippingOption.entityId).toBe(flat.entityId);
    expect(chosen.shippingCost.amount).toBe('10.00');

    const code = SANDBOX_COUPONS.percentage.code;
    const couponed = (await gql(COUPON, { input: { checkoutId: id, code: code.toLowerCase() } }))
      .applyCheckoutCoupon.checkout;
    const totals = priceCart(stack.sandbox.store.carts.get(id));
    expect(couponed.coupons).toEqual([
      { code, discountedAmount: { amount: amount(totals.couponCents) } },
    ]);
    expect(couponed).toMatchObject({
      subtotal: { amount: amount(totals.baseCents) },
      discountTotal: { amount: amount(totals.couponCents) },
      shippingCost: { amount: amount(totals.shippingCents) },
      taxTotal: { amount: amount(totals.taxCents) },
      grandTotal: { amount: amount(totals.grandTotalCents) },
    });
    expect(totals.grandTotalCents).toBe(
      totals.baseCents - totals.couponCents + totals.shippingCents + totals.taxCents,
    );

    const removed = (await gql(UNCOUPON, { input: { checkoutId: id, code } })).removeCheckoutCoupon
      .checkout;
    expect(removed.coupons).toEqual([]);
    expect(removed.discountTotal.amount).toBe('0.00');
  });

  it('refuses an unknown coupon with InvalidCouponError', async () => {
    const id = await newCart();
    const data = await gql(COUPON, { input: { checkoutId: id, code: 'NOT-A-COUPON' } });
    expect(data.applyCheckoutCoupon).toEqual({
      __typename: 'InvalidCouponError',
      code: 'INVALID_COUPON',
      field: 'input.code',
    });
    expect(stack.sandbox.store.carts.get(id).coupons).toEqual([]);
  });

  it('places an order only once the checkout is complete; the cart is gone afterwards', async () => {
    const id = await newCart();
    const early = await gql(PLACE, { input: { checkoutId: id, idempotencyKey: `early-${id}` } });
    expect(early.placeOrder).toMatchObject({
      __typename: 'CheckoutIncompleteError',
      code: 'CHECKOUT_INCOMPLETE',
    });

    await gql(BILLING, { input: { checkoutId: id, address: ADDRESS } });
    const shipped = (await gql(SHIPPING, { input: { checkoutId: id, address: ADDRESS } }))
      .setCheckoutShippingAddress;
    const [c] = shipped.checkout.consignments;
    await gql(SELECT, {
      input: {
        checkoutId: id,
        consignmentEntityId: c.entityId,
        shippingOptionEntityId: c.availableShippingOptions[0].entityId,
      },
    });
    stack.sandbox.counters.reset();
    const placed = await gql(PLACE, { input: { checkoutId: id, idempotencyKey: `place-${id}` } });
    expect(placed.placeOrder.__typename).toBe('PlaceOrderPayload');
    expect(placed.placeOrder.order.entityId).toEqual(expect.any(Number));
    expect(stack.sandbox.store.carts.find(id)).toBeUndefined();
    expect(stack.sandbox.counters.get('POST /v3/checkouts/{id}/orders')).toBe(1);
  });

  it('links a guest to the hosted checkout, and a signed-in owner through the Customer Login API', async () => {
    const URL_QUERY = `query($id: ID!) { checkout(id: $id) { checkoutUrl } }`;
    const guest = await newCart();
    const guestUrl = (await gql(URL_QUERY, { id: guest })).checkout.checkoutUrl as string;
    expect(guestUrl).toMatch(
      new RegExp(`^${stack.sandbox.url}/cart\\.php\\?action=loadInCheckout&id=${guest}&token=`),
    );

    const a = await login(DEMO_CUSTOMER_CREDENTIALS.email, DEMO_CUSTOMER_CREDENTIALS.password);
    const own = await newCart(a);
    const ownUrl = (await gql(URL_QUERY, { id: own }, a)).checkout.checkoutUrl as string;
    // W-platform's CustomerLoginLinks: a /login/token/{jwt} link when configured, else the plain link.
    expect(
      ownUrl.startsWith(`${stack.sandbox.url}/login/token/`) ||
        ownUrl.includes('action=loadInCheckout'),
    ).toBe(true);
  });

  it("gives customer B the same answer for customer A's checkout as for a missing one", async () => {
    const a = await login(DEMO_CUSTOMER_CREDENTIALS.email, DEMO_CUSTOMER_CREDENTIALS.password);
    const id = await newCart(a);
    const emailB = stack.sandbox.store.customers.customers.find((c) => c.id === B.id)?.email ?? '';
    const b = await login(emailB, B.password);
    expect((await gql(READ, { id }, b)).checkout).toBeNull();
    expect((await gql(READ, { id })).checkout).toBeNull();
    expect((await gql(READ, { id }, a)).checkout.entityId).toBe(id);
    const theirs = await gql(BILLING, { input: { checkoutId: id, address: ADDRESS } }, b);
    const missing = await gql(
      BILLING,
      { input: { checkoutId: crypto.randomUUID(), address: ADDRESS } },
      b,
    );
    expect(theirs).toEqual(missing);
    expect(theirs.setCheckoutBillingAddress.__typename).toBe('NotFoundError');
    expect(stack.sandbox.store.carts.get(id).billingAddress).toBeNull();
  });

  it('rejects a malformed address without an upstream request', async () => {
    const id = crypto.randomUUID();
    for (const address of [
      { ...ADDRESS, email: 'nope' },
      { ...ADDRESS, countryCode: 'GBR' },
      { ...ADDRESS, city: '' },
    ]) {
      const { body } = await stack.query(BILLING, { input: { checkoutId: id, address } });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});
