import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { historicalCheckout } from '../../sandbox/orders/seed.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Orders as customers, partners and anonymous callers see them: own orders only for customers
// (another's answers as a missing one), any for `orders:read`, FORBIDDEN for keys without it;
// `orders:write` records shipments the customer then sees; an order page costs a fixed number of
// upstream calls whatever its item count.
let stack: Stack;
const keys = { reader: '', writer: '', catalogOnly: '' };
const sessions = { demo: '', other: '' };
const OTHER = { id: 2, password: 'other-customer-password' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const LOGIN = `mutation L($input: LoginInput!) { login(input: $input) { ... on CustomerSession { accessToken } } }`;
const ORDER = `query O($id: Int!) {
  order(entityId: $id) {
    id entityId status createdAt updatedAt customerEntityId currencyCode checkoutId
    subtotal { amount currencyCode } shippingCost { amount } taxTotal { amount }
    discountTotal { amount } grandTotal { amount }
    billingAddress { firstName lastName address1 city postalCode countryCode email }
    shippingAddresses { entityId city shippingMethod }
    lineItems { entityId productEntityId variantEntityId name sku quantity unitPrice { amount } total { amount } product { entityId name } }
    shipments { entityId carrier trackingNumber trackingLink createdAt lineItems { orderLineItemEntityId quantity } }
  }
}`;
const SHIP = `mutation S($input: CreateShipmentInput!) {
  createShipment(input: $input) {
    __typename
    ... on CreateShipmentPayload { shipment { entityId carrier trackingNumber trackingLink } order { status } }
    ... on Error { message code field }
  }
}`;

beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 40 }, env: { RESPONSE_CACHE_TTL_S: '0' } });
  const create = async (
    name: string,
    scopes: ('orders:read' | 'orders:write' | 'catalog:read')[],
  ) => (await stack.app.keys.create({ name, scopes, role: 'partner' })).key;
  keys.reader = await create('order-reader', ['orders:read', 'catalog:read']);
  keys.writer = await create('order-writer', ['orders:write']);
  keys.catalogOnly = await create('catalog-only', ['catalog:read']);
  stack.sandbox.store.customers.setPassword(OTHER.id, OTHER.password);
  const other = stack.sandbox.store.customers.getCustomer(OTHER.id)!;
  sessions.demo = await login(DEMO_CUSTOMER_CREDENTIALS.email, DEMO_CUSTOMER_CREDENTIALS.password);
  sessions.other = await login(other.email, OTHER.password);
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.counters.reset());

async function login(email: string, password: string): Promise<string> {
  const { body } = await stack.query<{ login: { accessToken: string } }>(LOGIN, {
    input: { email, password },
  });
  return body.data!.login.accessToken;
}

/** An order placed from a checkout of these products (catalog prices), for this customer. */
function place(customerId: number, productIds: number[]): number {
  const store = stack.sandbox.store;
  const lines = productIds.map((productId) => ({ productId, quantity: 2, priceCents: 1250 }));
  return store.orders.createFromCheckout(
    historicalCheckout(store, customerId, lines, crypto.randomUUID()),
  );
}

type OrderBody = { order: Record<string, unknown> | null };

describe('a customer', () => {
  it('sees their own order with totals as Money, ISO dates, addresses and lines linked to products', async () => {
    const id = place(1, [3]);
    const { body } = await stack.query<OrderBody>(ORDER, { id }, bearer(sessions.demo));
    expect(body.errors).toBeUndefined();
    expect(body.data?.order).toMatchObject({
      id: encodeGlobalId('Order', id),
      entityId: id,
      status: 'PENDING',
      customerEntityId: 1,
      currencyCode: 'USD',
      subtotal: { amount: '25.00', currencyCode: 'USD' },
      shippingCost: { amount: '10.00' },
      taxTotal: { amount: '2.00' },
      discountTotal: { amount: '0.00' },
      grandTotal: { amount: '37.00' },
      billingAddress: { email: DEMO_CUSTOMER_CREDENTIALS.email },
      shippingAddresses: [{ shippingMethod: 'Flat Rate' }],
      lineItems: [
        {
          productEntityId: 3,
          quantity: 2,
          unitPrice: { amount: '12.50' },
          total: { amount: '25.00' },
          product: { entityId: 3 },
        },
      ],
      shipments: [],
    });
    expect(body.data?.order?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  });

  it('gets another customer’s order exactly like a missing one: null, by entityId and by node', async () => {
    const theirs = place(OTHER.id, [4]);
    const query = `query Q($id: Int!, $gid: ID!, $missing: Int!, $gmissing: ID!) {
      theirs: order(entityId: $id) { entityId }
      missing: order(entityId: $missing) { entityId }
      theirNode: node(id: $gid) { id }
      missingNode: node(id: $gmissing) { id }
    }`;
    const variables = {
      id: theirs,
      gid: encodeGlobalId('Order', theirs),
      missing: 987_654,
      gmissing: encodeGlobalId('Order', 987_654),
    };
    const { body } = await stack.query(query, variables, bearer(sessions.demo));
    expect(body).toEqual({
      data: { theirs: null, missing: null, theirNode: null, missingNode: null },
    });
    const anonymous = await stack.query(query, variables);
    expect(anonymous.body).toEqual({
      data: { theirs: null, missing: null, theirNode: null, missingNode: null },
    });
  });

  it('lists only their own orders in me.orders, newest first, with a status filter', async () => {
    const newest = place(1, [5]);
    place(OTHER.id, [5]);
    const { body } = await stack.query<{
      me: {
        orders: {
          totalCount: number;
          edges: { node: { entityId: number; customerEntityId: number; status: string } }[];
        };
      };
    }>(
      `{ me { orders(first: 50) { totalCount edges { node { entityId customerEntityId status } } } } }`,
      {},
      bearer(sessions.demo),
    );
    const nodes = body.data!.me.orders.edges.map((e) => e.node);
    const expected = stack.sandbox.store.orders.all().filter((o) => o.customerId === 1);
    expect(body.data!.me.orders.totalCount).toBe(expected.length);
    expect(nodes.map((n) => n.entityId).sort()).toEqual(expected.map((o) => o.id).sort());
    expect(nodes[0]!.entityId).toBe(newest);
    expect(nodes.some((n) => n.status === 'COMPLETED')).toBe(true);
    const completed = await stack.query<{
      me: { orders: { edges: { node: { status: string } }[] } };
    }>(
      `{ me { orders(first: 10, filter: { status: COMPLETED }) { edges { node { status } } } } }`,
      {},
      bearer(sessions.demo),
    );
    const statuses = completed.body.data!.me.orders.edges.map((e) => e.node.status);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['COMPLETED']));
  });

  it('may not create shipments or change statuses (FORBIDDEN)', async () => {
    const id = place(1, [6]);
    const { body } = await stack.query(
      SHIP,
      {
        input: {
          orderEntityId: id,
          trackingNumber: 'X1',
          carrier: 'ups',
          items: [{ orderLineItemEntityId: 1, quantity: 1 }],
        },
      },
      bearer(sessions.demo),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.sandbox.counters.get('POST /v2/orders/{id}/shipments')).toBe(0);
  });
});

describe('keys', () => {
  it('with orders:read see any order; without it are FORBIDDEN', async () => {
    const id = place(OTHER.id, [7]);
    const seen = await stack.query<OrderBody>(
      `query { order(entityId: ${id}) { entityId customerEntityId } }`,
      {},
      bearer(keys.reader),
    );
    expect(seen.body.data?.order).toEqual({ entityId: id, customerEntityId: OTHER.id });
    const refused = await stack.query(
      `query { order(entityId: ${id}) { entityId } }`,
      {},
      bearer(keys.catalogOnly),
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const node = await stack.query(
      `query { node(id: "${encodeGlobalId('Order', id)}") { id } }`,
      {},
      bearer(keys.catalogOnly),
    );
    expect(node.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('with orders:write create a shipment the customer then sees, with its tracking link', async () => {
    const id = place(1, [8, 9]);
    const lines = stack.sandbox.store.orders.get(id)!.lines;
    const { body } = await stack.query<{ createShipment: Record<string, unknown> }>(
      SHIP,
      {
        input: {
          orderEntityId: id,
          trackingNumber: '1Z999AA10123456784',
          carrier: 'UPS',
          items: lines.map((l) => ({ orderLineItemEntityId: l.id, quantity: l.quantity })),
        },
      },
      bearer(keys.writer),
    );
    expect(body.data?.createShipment).toMatchObject({
      __typename: 'CreateShipmentPayload',
      shipment: {
        carrier: 'ups',
        trackingNumber: '1Z999AA10123456784',
        trackingLink: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
      },
      order: { status: 'SHIPPED' },
    });
    const seen = await stack.query<OrderBody>(ORDER, { id }, bearer(sessions.demo));
    expect(seen.body.data?.order).toMatchObject({
      status: 'SHIPPED',
      shipments: [
        {
          carrier: 'ups',
          trackingNumber: '1Z999AA10123456784',
          lineItems: [{ quantity: 2 }, { quantity: 2 }],
        },
      ],
    });
    const other = await stack.query<OrderBody>(ORDER, { id }, bearer(sessions.other));
    expect(other.body).toEqual({ data: { order: null } });
  });

  it('get typed errors for a line that is not the order’s, too many items and a missing order', async () => {
    const id = place(1, [10]);
    const [line] = stack.sandbox.store.orders.get(id)!.lines;
    const ship = async (
      orderEntityId: number,
      items: { orderLineItemEntityId: number; quantity: number }[],
    ) =>
      (
        await stack.query<{ createShipment: Record<string, unknown> }>(
          SHIP,
          { input: { orderEntityId, trackingNumber: 'T1', carrier: 'dhl', items } },
          bearer(keys.writer),
        )
      ).body.data?.createShipment;
    expect(await ship(id, [{ orderLineItemEntityId: 999_999, quantity: 1 }])).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'input.items.0.orderLineItemEntityId',
    });
    expect(await ship(id, [{ orderLineItemEntityId: line!.id, quantity: 3 }])).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'input.items.0.quantity',
    });
    expect(await ship(987_654, [{ orderLineItemEntityId: 1, quantity: 1 }])).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect(stack.sandbox.counters.get('POST /v2/orders/{id}/shipments')).toBe(0);
  });

  it('have malformed input refused before anything goes upstream', async () => {
    const { body } = await stack.query(
      SHIP,
      { input: { orderEntityId: 100, trackingNumber: '', carrier: 'ups', items: [] } },
      bearer(keys.writer),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('with orders:write change a status; the write is audited', async () => {
    const id = place(OTHER.id, [11]);
    const { body } = await stack.query<{ updateOrderStatus: Record<string, unknown> }>(
      `mutation { updateOrderStatus(input: { orderEntityId: ${id}, status: AWAITING_SHIPMENT }) {
        __typename ... on UpdateOrderStatusPayload { order { entityId status } } ... on Error { code } } }`,
      {},
      bearer(keys.writer),
    );
    expect(body.data?.updateOrderStatus).toEqual({
      __typename: 'UpdateOrderStatusPayload',
      order: { entityId: id, status: 'AWAITING_SHIPMENT' },
    });
    expect(stack.sandbox.store.orders.get(id)?.statusId).toBe(9);
    const missing = await stack.query<{ updateOrderStatus: Record<string, unknown> }>(
      `mutation { updateOrderStatus(input: { orderEntityId: 987654, status: SHIPPED }) { __typename } }`,
      {},
      bearer(keys.writer),
    );
    expect(missing.body.data?.updateOrderStatus).toEqual({ __typename: 'NotFoundError' });
  });
});

describe('the order page', () => {
  it('costs the same upstream calls for one item as for six (order, lines, products, addresses, shipments)', async () => {
    const small = place(1, [12]);
    const large = place(1, [13, 14, 15, 16, 17, 18]);
    const costOf = async (id: number) => {
      stack.sandbox.counters.reset();
      const { body } = await stack.query<OrderBody>(ORDER, { id }, bearer(sessions.demo));
      expect(body.errors).toBeUndefined();
      return stack.sandbox.counters.snapshot();
    };
    const one = await costOf(small);
    const six = await costOf(large);
    expect(six).toEqual(one);
    expect(Object.values(six).reduce((a, b) => a + b, 0)).toBe(5);
  });
});
