import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_COUPONS } from '../../sandbox/carts/coupons.js';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { PURCHASE, PURCHASE_ADDRESS } from '../../scripts/purchase.js';
import { decimalFromNumber } from '../../src/money/decimal.js';
import { captureLogger, type LogLine } from '../helpers/log-capture.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

/**
 * A whole purchase over HTTP, as a mobile app makes it, with the very operations `npm run demo`
 * prints (scripts/purchase.ts). Every total is checked against the sandbox store's own answer
 * over its REST API, so the gateway can neither invent nor round a number.
 */

interface Money {
  amount: string;
  currencyCode: string;
}
interface CartData {
  entityId: string;
  customerEntityId: number | null;
  itemCount: number;
  baseAmount: Money;
  discountAmount: Money;
  cartAmount: Money;
  lineItems: { entityId: string; productEntityId: number; quantity: number }[];
}
interface CheckoutData {
  entityId: string;
  subtotal: Money;
  discountTotal: Money;
  shippingCost: Money;
  taxTotal: Money;
  grandTotal: Money;
  coupons: { code: string; discountedAmount: Money }[];
  consignments: {
    entityId: string;
    availableShippingOptions: { entityId: string; description: string; cost: Money }[];
    selectedShippingOption: { entityId: string; cost: Money } | null;
  }[];
  checkoutUrl?: string;
}
interface OrderData {
  entityId: number;
  status: string;
  checkoutId: string | null;
  customerEntityId: number | null;
  subtotal: Money;
  discountTotal: Money;
  shippingCost: Money;
  taxTotal: Money;
  grandTotal: Money;
  lineItems: { entityId: number; productEntityId: number; quantity: number }[];
  shipments: { carrier: string; trackingNumber: string; trackingLink: string | null }[];
}
type Result<T> = T & { __typename: string; code?: string; message?: string };

const usd = (value: number | string): string =>
  decimalFromNumber(typeof value === 'string' ? Number(value) : value, 2);

/** The sandbox's own REST answer (v3 envelope or v2 bare JSON). */
async function upstream<T>(sandbox: Sandbox, path: string): Promise<T> {
  const response = await fetch(`${sandbox.url}/stores/${sandbox.storeHash}${path}`, {
    headers: { 'x-auth-token': sandbox.accessToken, accept: 'application/json' },
  });
  expect(response.status, path).toBe(200);
  const body = (await response.json()) as { data?: T } | T;
  return path.startsWith('/v3/') ? ((body as { data: T }).data as T) : (body as T);
}

interface BcCart {
  customer_id: number;
  base_amount: number;
  discount_amount: number;
  cart_amount: number;
  line_items: { physical_items: { id: string; quantity: number }[] };
}
interface BcCheckout {
  subtotal_ex_tax: number;
  tax_total: number;
  grand_total: number;
  shipping_cost_total_ex_tax: number;
  coupons: { code: string; discounted_amount: number }[];
}
interface BcOrder {
  id: number;
  cart_id: string;
  customer_id: number;
  status_id: number;
  subtotal_ex_tax: string;
  total_inc_tax: string;
  total_tax: string;
  discount_amount: string;
  coupon_discount: string;
  shipping_cost_ex_tax: string;
}

function ask(stack: Stack, token?: string) {
  return async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const { body } = await stack.query<T>(query, variables, headers);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data as T;
  };
}

/** Two products a guest can buy two of, with their variants. */
async function browse(stack: Stack) {
  const data = await ask(stack)<{
    products: {
      edges: {
        node: {
          entityId: number;
          variants: { entityId: number; isPurchasable: boolean; inventoryLevel: number | null }[];
        };
      }[];
    };
  }>(PURCHASE.browse);
  const picks = data.products.edges.flatMap(({ node }) => {
    const variant = node.variants.find((v) => v.isPurchasable && (v.inventoryLevel ?? 99) >= 3);
    return variant ? [{ productEntityId: node.entityId, variantEntityId: variant.entityId }] : [];
  });
  expect(picks.length).toBe(2);
  return picks as [(typeof picks)[0], (typeof picks)[0]];
}

async function signIn(stack: Stack, guestCartId?: string): Promise<string> {
  const { login } = await ask(stack)<{ login: Result<{ accessToken: string }> }>(PURCHASE.login, {
    input: { ...DEMO_CUSTOMER_CREDENTIALS, guestCartId },
  });
  expect(login.__typename).toBe('CustomerSession');
  return login.accessToken;
}

/** A signed-in customer's checkout, ready to place: cart, addresses, shipping option. */
async function readyCheckout(stack: Stack, token: string): Promise<string> {
  const [first] = await browse(stack);
  const as = ask(stack, token);
  const { createCart } = await as<{ createCart: Result<{ cart: CartData }> }>(PURCHASE.createCart, {
    input: { lineItems: [{ ...first, quantity: 1 }] },
  });
  const checkoutId = createCart.cart.entityId;
  await as(PURCHASE.billing, { input: { checkoutId, address: PURCHASE_ADDRESS } });
  const { setCheckoutShippingAddress: shipped } = await as<{
    setCheckoutShippingAddress: Result<{ checkout: CheckoutData }>;
  }>(PURCHASE.shipping, { input: { checkoutId, address: PURCHASE_ADDRESS } });
  const [consignment] = shipped.checkout.consignments;
  await as(PURCHASE.selectShipping, {
    input: {
      checkoutId,
      consignmentEntityId: consignment?.entityId,
      shippingOptionEntityId: consignment?.availableShippingOptions[0]?.entityId,
    },
  });
  return checkoutId;
}

describe('a whole purchase through one graph', () => {
  let stack: Stack;
  let logs: LogLine[];

  beforeAll(async () => {
    const captured = captureLogger('debug');
    logs = captured.lines;
    stack = await startStack({ logger: captured.logger, sandbox: { products: 60, seed: 9 } });
  });
  afterAll(() => stack?.close());

  it('a guest browses, fills a cart, signs in, checks out, pays, and follows the order to its shipment', async () => {
    const { sandbox } = stack;
    const guest = ask(stack);
    const [first, second] = await browse(stack);

    // A guest's cart, then a second item: the cart's amounts are the sandbox's own.
    const { createCart } = await guest<{ createCart: Result<{ cart: CartData }> }>(
      PURCHASE.createCart,
      { input: { lineItems: [{ ...first, quantity: 1 }], idempotencyKey: randomUUID() } },
    );
    expect(createCart.__typename).toBe('CreateCartPayload');
    const cartId = createCart.cart.entityId;
    expect(createCart.cart.customerEntityId).toBeNull();
    const { addCartLineItems } = await guest<{ addCartLineItems: Result<{ cart: CartData }> }>(
      PURCHASE.addItems,
      { input: { cartId, lineItems: [{ ...second, quantity: 2 }] } },
    );
    expect(addCartLineItems.__typename).toBe('AddCartLineItemsPayload');
    const cart = addCartLineItems.cart;
    const bcCart = await upstream<BcCart>(sandbox, `/v3/carts/${cartId}`);
    expect(cart.lineItems.map((item) => item.quantity)).toEqual([1, 2]);
    expect(cart.itemCount).toBe(3);
    expect(cart.baseAmount.amount).toBe(usd(bcCart.base_amount));
    expect(cart.cartAmount).toEqual({ amount: usd(bcCart.cart_amount), currencyCode: 'USD' });

    // Signing in hands the guest cart to the customer; a guest can no longer reach it.
    const token = await signIn(stack, cartId);
    const customer = ask(stack, token);
    expect((await upstream<BcCart>(sandbox, `/v3/carts/${cartId}`)).customer_id).toBe(1);
    expect((await customer<{ cart: CartData }>(PURCHASE.cart, { id: cartId })).cart).toMatchObject({
      entityId: cartId,
      customerEntityId: 1,
    });
    expect((await guest<{ cart: CartData | null }>(PURCHASE.cart, { id: cartId })).cart).toBeNull();

    // Billing, shipping, a shipping option and a coupon: the checkout's totals are the sandbox's.
    const checkoutId = cartId;
    const billing = await customer<{ setCheckoutBillingAddress: Result<object> }>(
      PURCHASE.billing,
      { input: { checkoutId, address: PURCHASE_ADDRESS } },
    );
    expect(billing.setCheckoutBillingAddress.__typename).toBe('SetCheckoutBillingAddressPayload');
    const { setCheckoutShippingAddress: shipped } = await customer<{
      setCheckoutShippingAddress: Result<{ checkout: CheckoutData }>;
    }>(PURCHASE.shipping, { input: { checkoutId, address: PURCHASE_ADDRESS } });
    const [consignment] = shipped.checkout.consignments;
    const option = consignment?.availableShippingOptions[0];
    expect(option).toBeDefined();
    const { selectCheckoutShippingOption: selected } = await customer<{
      selectCheckoutShippingOption: Result<{ checkout: CheckoutData }>;
    }>(PURCHASE.selectShipping, {
      input: {
        checkoutId,
        consignmentEntityId: consignment?.entityId,
        shippingOptionEntityId: option?.entityId,
      },
    });
    expect(selected.checkout.consignments[0]?.selectedShippingOption?.entityId).toBe(
      option?.entityId,
    );
    const { applyCheckoutCoupon } = await customer<{
      applyCheckoutCoupon: Result<{ checkout: CheckoutData }>;
    }>(PURCHASE.coupon, { input: { checkoutId, code: SANDBOX_COUPONS.percentage.code } });
    expect(applyCheckoutCoupon.__typename).toBe('ApplyCheckoutCouponPayload');
    const checkout = applyCheckoutCoupon.checkout;
    const bcCheckout = await upstream<BcCheckout>(sandbox, `/v3/checkouts/${checkoutId}`);
    expect(checkout.coupons.map((c) => c.code)).toEqual([SANDBOX_COUPONS.percentage.code]);
    expect(checkout.subtotal.amount).toBe(usd(bcCheckout.subtotal_ex_tax));
    expect(checkout.taxTotal.amount).toBe(usd(bcCheckout.tax_total));
    expect(checkout.shippingCost.amount).toBe(usd(bcCheckout.shipping_cost_total_ex_tax));
    expect(checkout.grandTotal.amount).toBe(usd(bcCheckout.grand_total));
    expect(Number(checkout.discountTotal.amount)).toBeGreaterThan(0);
    expect(Number(checkout.taxTotal.amount)).toBeGreaterThan(0);

    // The hosted checkout link signs the customer in: a Customer Login API JWT, 5 minutes at most.
    const { checkout: linked } = await customer<{ checkout: CheckoutData }>(PURCHASE.checkout, {
      id: checkoutId,
    });
    const loginUrl = new URL(linked.checkoutUrl ?? '');
    expect(`${loginUrl.origin}/`).toBe(`${sandbox.url}/`);
    const jwt = /^\/login\/token\/(.+)$/.exec(loginUrl.pathname)?.[1] ?? '';
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(sandbox.clientSecret), {
      issuer: sandbox.clientId,
      algorithms: ['HS256'],
    });
    expect(payload).toMatchObject({ store_hash: sandbox.storeHash, customer_id: 1 });
    expect(typeof payload.jti).toBe('string');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(300);

    // The order: the checkout's totals, pending until paid.
    const placeKey = randomUUID();
    const { placeOrder } = await customer<{ placeOrder: Result<{ order: OrderData }> }>(
      PURCHASE.placeOrder,
      { input: { checkoutId, idempotencyKey: placeKey } },
    );
    expect(placeOrder.__typename).toBe('PlaceOrderPayload');
    const order = placeOrder.order;
    const bcOrder = await upstream<BcOrder>(sandbox, `/v2/orders/${order.entityId}`);
    expect(bcOrder.cart_id).toBe(checkoutId);
    expect(order).toMatchObject({ customerEntityId: 1, checkoutId, status: 'PENDING' });
    expect(order.grandTotal.amount).toBe(checkout.grandTotal.amount);
    expect(order.grandTotal.amount).toBe(usd(bcOrder.total_inc_tax));
    expect(order.taxTotal.amount).toBe(usd(bcOrder.total_tax));
    expect(order.lineItems.map((item) => item.quantity).sort()).toEqual([1, 2]);

    // Paid with the customer's saved card, never a card number through the gateway.
    const { me } = await customer<{ me: { storedInstruments: { token: string }[] } }>(
      PURCHASE.savedCards,
    );
    const card = me.storedInstruments[0]?.token ?? '';
    expect(card).not.toBe('');
    const { payOrder } = await customer<{ payOrder: Result<{ order: OrderData }> }>(
      PURCHASE.payOrder,
      {
        input: {
          orderEntityId: order.entityId,
          storedInstrumentToken: card,
          idempotencyKey: randomUUID(),
        },
      },
    );
    expect(payOrder.__typename).toBe('PayOrderPayload');
    const paid = await upstream<BcOrder>(sandbox, `/v2/orders/${order.entityId}`);
    expect(paid.status_id).toBe(11);
    expect(payOrder.order.status).toBe('AWAITING_FULFILLMENT');

    // The customer finds it among their orders, with its status.
    const mine = await customer<{ me: { orders: { edges: { node: OrderData }[] } } }>(
      PURCHASE.myOrders,
    );
    expect(mine.me.orders.edges.map(({ node }) => node.entityId)).toContain(order.entityId);
    expect(
      mine.me.orders.edges.find(({ node }) => node.entityId === order.entityId)?.node,
    ).toMatchObject({ status: 'AWAITING_FULFILLMENT', grandTotal: order.grandTotal });

    // A partner with orders:write ships it; the customer sees the tracking number.
    const partner = await stack.app.keys.create({
      name: 'fulfilment',
      scopes: ['orders:read', 'orders:write'],
    });
    const trackingNumber = `1Z${randomBytes(6).toString('hex').toUpperCase()}`;
    const { createShipment } = await ask(stack, partner.key)<{
      createShipment: Result<{ shipment: { trackingNumber: string } }>;
    }>(PURCHASE.createShipment, {
      input: {
        orderEntityId: order.entityId,
        trackingNumber,
        carrier: 'ups',
        items: order.lineItems.map((item) => ({
          orderLineItemEntityId: item.entityId,
          quantity: item.quantity,
        })),
      },
    });
    expect(createShipment.__typename).toBe('CreateShipmentPayload');
    const followed = await customer<{ order: OrderData }>(PURCHASE.order, {
      entityId: order.entityId,
    });
    expect(followed.order.shipments).toEqual([
      expect.objectContaining({ carrier: 'ups', trackingNumber }),
    ]);
    expect(followed.order.shipments[0]?.trackingLink).toContain(trackingNumber);

    // Nothing secret reached a log line: password, session and payment tokens, the saved card.
    const text = JSON.stringify(logs);
    expect(logs.some((line) => line.audit === true && line.operation === 'placeOrder')).toBe(true);
    for (const secret of [DEMO_CUSTOMER_CREDENTIALS.password, token, card, partner.key]) {
      expect(text).not.toContain(secret);
    }
  });

  it('places one order for one idempotency key, however often and however fast it is sent', async () => {
    const token = await signIn(stack);
    const checkoutId = await readyCheckout(stack, token);
    const input = { checkoutId, idempotencyKey: randomUUID() };
    const place = () =>
      ask(stack, token)<{ placeOrder: Result<{ order: OrderData }> }>(PURCHASE.placeOrder, {
        input,
      });
    const answers = await Promise.all([place(), place(), place()]);
    const again = await place();
    const ids = [...answers, again].map((a) => a.placeOrder.order?.entityId);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toEqual(expect.any(Number));
    const orders = await upstream<BcOrder[]>(stack.sandbox, `/v2/orders?cart_id=${checkoutId}`);
    expect(orders).toHaveLength(1);
  });
});

const redisUp = await sharedRedisAvailable();

describe.skipIf(!redisUp)('one idempotency key across two gateway replicas', () => {
  let sandbox: Sandbox;
  let replicas: [Stack, Stack];

  beforeAll(async () => {
    // A store hash of its own keeps this run's keys apart on the shared Redis.
    sandbox = await createSandbox({
      products: 60,
      seed: 9,
      storeHash: `e2e${randomUUID().slice(0, 8)}`,
    });
    const env = {
      REDIS_URL: sharedRedisUrl,
      SESSION_SIGNING_SECRET: randomBytes(32).toString('base64url'),
    };
    replicas = [
      await startStack({ sandboxInstance: sandbox, env }),
      await startStack({ sandboxInstance: sandbox, env }),
    ];
  });
  afterAll(async () => {
    await Promise.all(replicas?.map((replica) => replica.close()) ?? []);
    await sandbox?.close();
  });

  it('a placeOrder sent to both at once creates one order, and a retry on either gets it', async () => {
    const [a, b] = replicas;
    const token = await signIn(a);
    const checkoutId = await readyCheckout(b, token);
    const input = { checkoutId, idempotencyKey: randomUUID() };
    const place = (replica: Stack) =>
      ask(replica, token)<{ placeOrder: Result<{ order: OrderData }> }>(PURCHASE.placeOrder, {
        input,
      });
    const [fromA, fromB] = await Promise.all([place(a), place(b)]);
    const retried = await place(b);
    expect(fromA.placeOrder.order.entityId).toEqual(expect.any(Number));
    expect(fromB.placeOrder.order.entityId).toBe(fromA.placeOrder.order.entityId);
    expect(retried.placeOrder.order.entityId).toBe(fromA.placeOrder.order.entityId);
    const orders = await upstream<BcOrder[]>(sandbox, `/v2/orders?cart_id=${checkoutId}`);
    expect(orders).toHaveLength(1);
  });
});
