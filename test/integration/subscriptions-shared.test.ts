import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { historicalCheckout } from '../../sandbox/orders/seed.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { until, type WsClient, wsClient } from '../helpers/ws-client.js';

// Public catalog events are executed once per group of alike subscribers (same document,
// variables and answer class) and the same answer goes to each: invisible to clients, but real
// (one upstream load per group, not per subscriber). Personal events stay per subscriber.
let stack: Stack;
let hiddenId: number;
let hiddenKey = '';
const open: WsClient[] = [];
const occurredAt = '2024-06-01T12:00:00.000Z';

const PRODUCT_UPDATED = `subscription($ids: [Int!], $after: ID) {
  productUpdated(entityIds: $ids, after: $after) { eventId productEntityId product { entityId name isVisible } }
}`;

beforeAll(async () => {
  // No entity cache: every execution of an event loads its product upstream, so the sandbox's
  // request count is the number of executions.
  stack = await startStack({ sandbox: { products: 60 }, env: { CACHE_MODE: 'off' } });
  hiddenId = stack.sandbox.store.products.find((p) => !p.is_visible)!.id;
  hiddenKey = (
    await stack.app.keys.create({
      name: 'hidden',
      scopes: ['subscriptions', 'catalog:read', 'catalog:read_hidden'],
      role: 'partner',
    })
  ).key;
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.dispose()));
  await stack?.close();
});

function connect(params?: Record<string, unknown>): WsClient {
  const client = wsClient(stack.endpoint, params);
  open.push(client);
  return client;
}

const subscribers = (topic: 'productUpdated' | 'orderUpdated') =>
  stack.app.events.subscriberCount(topic);

/** Publishes, and counts the upstream calls made until every listed subscriber has the event. */
async function publishAndCount(
  publish: () => Promise<{ eventId: string }>,
  waitFor: { received: unknown[] }[],
) {
  const before = stack.sandbox.counters.total();
  const expected = waitFor.map((s) => s.received.length + 1);
  const event = await publish();
  await until(() => waitFor.every((s, i) => s.received.length >= (expected[i] ?? 0)));
  return { eventId: event.eventId, upstream: stack.sandbox.counters.total() - before };
}

describe('product events shared between alike subscribers', () => {
  it('gives every member the same answer, the hidden-scope key its own, a resumer its missed events once, and loads once per group', async () => {
    const publish = () =>
      stack.app.events.publish('productUpdated', {
        productId: hiddenId,
        deleted: false,
        occurredAt,
      });
    const variables = { ids: [hiddenId] };
    const base = subscribers('productUpdated');
    const hidden = connect({ authorization: `Bearer ${hiddenKey}` }).subscribe(
      PRODUCT_UPDATED,
      variables,
    );
    // A lone subscriber first: what one execution of this event costs upstream.
    await until(() => subscribers('productUpdated') === base + 1);
    const alone = await publishAndCount(publish, [hidden]);
    expect(alone.upstream).toBeGreaterThan(0);

    const anonymous = [connect(), connect()].map((c) => c.subscribe(PRODUCT_UPDATED, variables));
    const resumerConnection = connect();
    let resumer = resumerConnection.subscribe(PRODUCT_UPDATED, variables);
    await until(() => subscribers('productUpdated') === base + 4);
    const first = await publishAndCount(publish, [hidden, ...anonymous, resumer]);
    // One execution for the anonymous group of three, one for the key: not four.
    expect(first.upstream).toBe(2 * alone.upstream);

    const anonymousAnswer = anonymous[0]!.received.at(-1);
    expect(anonymousAnswer).toEqual({
      data: {
        productUpdated: { eventId: first.eventId, productEntityId: hiddenId, product: null },
      },
      extensions: { eventId: first.eventId },
    });
    expect(anonymous[1]!.received.at(-1)).toEqual(anonymousAnswer);
    expect(resumer.received.at(-1)).toEqual(anonymousAnswer);
    // The key's answer class sees the hidden product: its own answer, not the group's.
    expect(hidden.received.at(-1)?.data?.productUpdated.product).toEqual({
      entityId: hiddenId,
      name: stack.sandbox.store.getProduct(hiddenId)!.name,
      isVisible: false,
    });

    // The resumer goes away, misses two events, and comes back with `after`.
    await resumerConnection.dispose();
    await until(() => subscribers('productUpdated') === base + 3);
    const missed = [
      await publishAndCount(publish, [hidden, ...anonymous]),
      await publishAndCount(publish, [hidden, ...anonymous]),
    ];
    resumer = connect().subscribe(PRODUCT_UPDATED, { ...variables, after: first.eventId });
    await until(() => resumer.received.length === 2);
    await until(() => subscribers('productUpdated') === base + 4);
    const live = await publishAndCount(publish, [hidden, ...anonymous, resumer]);
    // Still one execution per group with the resumer back in the anonymous one.
    expect(live.upstream).toBe(2 * alone.upstream);
    expect(resumer.received.map((p) => p.extensions?.eventId)).toEqual([
      missed[0]!.eventId,
      missed[1]!.eventId,
      live.eventId,
    ]);
    expect(resumer.received.at(-1)).toEqual(anonymous[0]!.received.at(-1));
    for (const member of anonymous) {
      expect(member.received.map((p) => p.extensions?.eventId)).toEqual([
        first.eventId,
        missed[0]!.eventId,
        missed[1]!.eventId,
        live.eventId,
      ]);
    }
  });
});

describe('a shared subscription refused before it starts', () => {
  it('answers as an unshared one would: variables that do not coerce are refused by name', async () => {
    const refused = connect().subscribe(PRODUCT_UPDATED, { ids: ['not a number'] });
    expect((await refused.next()).errors).toEqual([
      {
        message:
          'Variable "$ids" got invalid value "not a number" at "ids[0]"; Int cannot represent non-integer value: "not a number"',
        locations: [{ line: 1, column: 14 }],
      },
    ]);
  });
});

describe('personal events are never shared', () => {
  const ORDER_UPDATED = `subscription { orderUpdated { eventId orderEntityId order { entityId customerEntityId } } }`;
  const B = { id: 5, password: 'customer-b-password' };

  async function login(email: string, password: string): Promise<string> {
    const { body } = await stack.query<{ login: { accessToken: string } }>(
      `mutation($input: LoginInput!) { login(input: $input) { ... on CustomerSession { accessToken } } }`,
      { input: { email, password } },
    );
    return body.data!.login.accessToken;
  }

  function placeOrder(customerId: number): number {
    const store = stack.sandbox.store;
    return store.orders.createFromCheckout(
      historicalCheckout(
        store,
        customerId,
        [{ productId: 3, quantity: 1, priceCents: 1000 }],
        crypto.randomUUID(),
      ),
    );
  }

  it('two customers on the same document each get their own order, executed for them', async () => {
    stack.sandbox.store.customers.setPassword(B.id, B.password);
    const b = stack.sandbox.store.customers.customers.find((c) => c.id === B.id)!;
    const tokenA = await login(DEMO_CUSTOMER_CREDENTIALS.email, DEMO_CUSTOMER_CREDENTIALS.password);
    const tokenB = await login(b.email, B.password);
    const base = subscribers('orderUpdated');
    // Customers share an answer class: were this document shared, one of them would have its
    // order executed with the other's context, and see it as null.
    const ofB = connect({ authorization: `Bearer ${tokenB}` }).subscribe(ORDER_UPDATED);
    const ofA = connect({ authorization: `Bearer ${tokenA}` }).subscribe(ORDER_UPDATED);
    await until(() => subscribers('orderUpdated') === base + 2);
    const orderA = placeOrder(1);
    const orderB = placeOrder(B.id);
    await stack.app.events.publish('orderUpdated', { orderId: orderA, customerId: 1, occurredAt });
    await stack.app.events.publish('orderUpdated', {
      orderId: orderB,
      customerId: B.id,
      occurredAt,
    });
    expect((await ofA.next()).data?.orderUpdated.order).toEqual({
      entityId: orderA,
      customerEntityId: 1,
    });
    expect((await ofB.next()).data?.orderUpdated.order).toEqual({
      entityId: orderB,
      customerEntityId: B.id,
    });
  });
});
