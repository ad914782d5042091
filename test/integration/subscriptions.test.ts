import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { historicalCheckout } from '../../sandbox/orders/seed.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { sseSubscribe, until, type WsClient, wsClient } from '../helpers/ws-client.js';

// Subscriptions over graphql-ws and SSE on one gateway (memory bus): typed events with the object
// loaded fresh per event, access (scopes, cart and order ownership), resumption after a missed
// stretch, limits, and shutdown.
let stack: Stack;
const keys = { listener: '', noSubscriptions: '' };
const tokens = { a: '', b: '' };
const B = { id: 5, password: 'customer-b-password' };
const open: WsClient[] = [];
const occurredAt = '2024-06-01T12:00:00.000Z';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ... on CustomerSession { accessToken } } }`;
const PRODUCT_UPDATED = `subscription($ids: [Int!], $after: ID) {
  productUpdated(entityIds: $ids, after: $after) { eventId occurredAt productEntityId deleted product { entityId name } }
}`;

beforeAll(async () => {
  stack = await startStack({
    sandbox: { products: 20 },
    env: { CACHE_MODE: 'off', SUBSCRIPTIONS_PER_CONNECTION: '3' },
  });
  keys.listener = (
    await stack.app.keys.create({
      name: 'listener',
      scopes: ['subscriptions', 'catalog:read'],
      role: 'partner',
    })
  ).key;
  keys.noSubscriptions = (
    await stack.app.keys.create({ name: 'reader', scopes: ['catalog:read'], role: 'partner' })
  ).key;
  stack.sandbox.store.customers.setPassword(B.id, B.password);
  tokens.a = await login(DEMO_CUSTOMER_CREDENTIALS.email, DEMO_CUSTOMER_CREDENTIALS.password);
  const b = stack.sandbox.store.customers.customers.find((c) => c.id === B.id);
  tokens.b = await login(b?.email ?? '', B.password);
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.dispose()));
  await stack?.close();
});

async function login(email: string, password: string): Promise<string> {
  const { body } = await stack.query<{ login: { accessToken: string } }>(LOGIN, {
    input: { email, password },
  });
  return body.data!.login.accessToken;
}

function connect(params?: Record<string, unknown>): WsClient {
  const client = wsClient(stack.endpoint, params);
  open.push(client);
  return client;
}

/** Disconnects and waits until the gateway has ended that client's subscriptions. */
async function closeAndSettle(client: WsClient) {
  await client.dispose();
  await until(() => stack.app.events.subscriberCount('productUpdated') === 0);
}

const publishProduct = (productId: number) =>
  stack.app.events.publish('productUpdated', { productId, deleted: false, occurredAt });

describe('productUpdated over graphql-ws', () => {
  it('delivers the typed event with the product as it is now, per event', async () => {
    const ws = connect();
    const sub = ws.subscribe(PRODUCT_UPDATED, { ids: [4] });
    await until(() => stack.app.events.subscriberCount('productUpdated') === 1);

    stack.sandbox.store.updateProduct(4, { name: 'First name' });
    const first = await publishProduct(4);
    // Another product's event is filtered out by `entityIds`.
    await publishProduct(5);
    const one = await sub.next();
    expect(one.errors).toBeUndefined();
    expect(one.data?.productUpdated).toEqual({
      eventId: first.eventId,
      occurredAt,
      productEntityId: 4,
      deleted: false,
      product: { entityId: 4, name: 'First name' },
    });
    expect(one.extensions?.eventId).toBe(first.eventId);
    stack.sandbox.store.updateProduct(4, { name: 'Second name' });
    await publishProduct(4);
    // Not the first event's memo: fresh loaders per event.
    expect((await sub.next()).data?.productUpdated.product).toEqual({
      entityId: 4,
      name: 'Second name',
    });
    await closeAndSettle(ws);
  });

  it('refuses a key without the subscriptions scope, and admits one with it', async () => {
    const refused = connect({ 'x-api-key': keys.noSubscriptions }).subscribe(PRODUCT_UPDATED);
    expect((await refused.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const before = stack.app.events.subscriberCount('productUpdated');
    const listener = connect({ authorization: `Bearer ${keys.listener}` });
    const admitted = listener.subscribe(PRODUCT_UPDATED, { ids: [6] });
    await until(() => stack.app.events.subscriberCount('productUpdated') === before + 1);
    await publishProduct(6);
    expect((await admitted.next()).data?.productUpdated.productEntityId).toBe(6);
    await closeAndSettle(listener);
  });

  it('closes a connection whose credential is not valid with 4403', async () => {
    const ws = connect({ authorization: 'Bearer bcgw_not-a-real-key' });
    expect((await ws.closed).code).toBe(4403);
  });

  it('refuses subscriptions past the per-connection limit with TOO_MANY_SUBSCRIPTIONS', async () => {
    const ws = connect();
    const subs = [1, 2, 3].map((id) => ws.subscribe(PRODUCT_UPDATED, { ids: [id] }));
    const fourth = ws.subscribe(PRODUCT_UPDATED, { ids: [9] });
    expect((await fourth.next()).errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(subs.every((s) => s.received.length === 0)).toBe(true);
    await closeAndSettle(ws);
  });
});

describe('resuming after missed events', () => {
  it('graphql-ws: reconnecting with `after` delivers both missed events, in order, once', async () => {
    const base = stack.app.events.subscriberCount('productUpdated');
    const ws = connect();
    const sub = ws.subscribe(PRODUCT_UPDATED, { ids: [7] });
    await until(() => stack.app.events.subscriberCount('productUpdated') === base + 1);
    const seen = await publishProduct(7);
    const last = (await sub.next()).data?.productUpdated.eventId;
    expect(last).toBe(seen.eventId);
    await ws.dispose();
    await until(() => stack.app.events.subscriberCount('productUpdated') === base);

    const missed = [await publishProduct(7), await publishProduct(7)];
    const again = connect().subscribe(PRODUCT_UPDATED, { ids: [7], after: last });
    const replay = [await again.next(), await again.next()];
    expect(replay.map((p) => p.data?.productUpdated.eventId)).toEqual(missed.map((e) => e.eventId));
    await until(() => stack.app.events.subscriberCount('productUpdated') === base + 1);
    const live = await publishProduct(7);
    expect((await again.next()).data?.productUpdated.eventId).toBe(live.eventId);
  });

  it('SSE: events carry `id:`, and Last-Event-ID resumes with both missed events, in order, once', async () => {
    const query = `subscription { productUpdated(entityIds: [8]) { eventId product { entityId } } }`;
    const base = stack.app.events.subscriberCount('productUpdated');
    const first = await sseSubscribe(stack.endpoint, query);
    expect(first.response.headers.get('content-type')).toContain('text/event-stream');
    await until(() => stack.app.events.subscriberCount('productUpdated') === base + 1);
    const seen = await publishProduct(8);
    const event = await first.next();
    expect(event).toMatchObject({ id: seen.eventId, event: 'next' });
    expect(event?.data?.data?.productUpdated).toEqual({
      eventId: seen.eventId,
      product: { entityId: 8 },
    });
    await first.close();
    await until(() => stack.app.events.subscriberCount('productUpdated') === base);

    const missed = [await publishProduct(8), await publishProduct(8)];
    const again = await sseSubscribe(stack.endpoint, query, { 'last-event-id': seen.eventId });
    const replay = [await again.next(), await again.next()];
    expect(replay.map((e) => e?.id)).toEqual(missed.map((e) => e.eventId));
    await until(() => stack.app.events.subscriberCount('productUpdated') === base + 1);
    const live = await publishProduct(8);
    expect((await again.next())?.id).toBe(live.eventId);
    await again.close();
  });
});

describe('carts and orders reach only their owners', () => {
  const CART_UPDATED = `subscription($id: ID!) { cartUpdated(cartId: $id) { eventId cartId cart { entityId customerEntityId } } }`;
  const ORDER_UPDATED = `subscription { orderUpdated { eventId orderEntityId order { entityId customerEntityId } } }`;

  function placeOrder(customerId: number): number {
    const store = stack.sandbox.store;
    const lines = [{ productId: 3, quantity: 1, priceCents: 1000 }];
    return store.orders.createFromCheckout(
      historicalCheckout(store, customerId, lines, crypto.randomUUID()),
    );
  }

  it('customer B gets none of customer A’s order events', async () => {
    const base = stack.app.events.subscriberCount('orderUpdated');
    const b = connect({ authorization: `Bearer ${tokens.b}` }).subscribe(ORDER_UPDATED);
    const a = connect({ authorization: `Bearer ${tokens.a}` }).subscribe(ORDER_UPDATED);
    await until(() => stack.app.events.subscriberCount('orderUpdated') === base + 2);
    const ofA = placeOrder(1);
    const ofB = placeOrder(B.id);
    await stack.app.events.publish('orderUpdated', { orderId: ofA, customerId: 1, occurredAt });
    await stack.app.events.publish('orderUpdated', { orderId: ofB, customerId: B.id, occurredAt });
    // Events reach a subscriber in order: had A's reached B, it would come first.
    expect((await b.next()).data?.orderUpdated.order).toEqual({
      entityId: ofB,
      customerEntityId: B.id,
    });
    expect((await a.next()).data?.orderUpdated.orderEntityId).toBe(ofA);
  });

  it('refuses anonymous callers orderUpdated', async () => {
    const sub = connect().subscribe(ORDER_UPDATED);
    expect((await sub.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('customer B cannot follow A’s cart; a guest’s stream ends once a customer takes the cart', async () => {
    const store = stack.sandbox.store;
    const ofA = store.carts.create({
      customerId: 1,
      channelId: 1,
      items: [{ product_id: 3, quantity: 1 }],
    });
    const refused = connect({ authorization: `Bearer ${tokens.b}` }).subscribe(CART_UPDATED, {
      id: ofA.id,
    });
    expect((await refused.next()).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const guestCart = store.carts.create({
      customerId: 0,
      channelId: 1,
      items: [{ product_id: 3, quantity: 1 }],
    });
    const base = stack.app.events.subscriberCount('cartUpdated');
    const guest = connect().subscribe(CART_UPDATED, { id: guestCart.id });
    await until(() => stack.app.events.subscriberCount('cartUpdated') === base + 1);
    const event = { cartId: guestCart.id, deleted: false, occurredAt };
    await stack.app.events.publish('cartUpdated', { ...event, customerId: 0 });
    expect((await guest.next()).data?.cartUpdated.cart.customerEntityId).toBeNull();
    store.carts.assignCustomer(guestCart.id, 1);
    await stack.app.events.publish('cartUpdated', { ...event, customerId: 1 });
    await guest.done;
    expect(guest.received).toHaveLength(1);
  });
});
