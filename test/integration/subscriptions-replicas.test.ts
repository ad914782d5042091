import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { sseSubscribe, until, type WsClient, wsClient } from '../helpers/ws-client.js';

// Two gateways sharing Redis: an event published on one reaches subscribers of the other, and a
// subscriber resumes from the shared stream on either. Then limits per key and shutdown (1001).
const redisUp = await sharedRedisAvailable();
const occurredAt = '2024-06-01T12:00:00.000Z';
const PRODUCT_UPDATED = `subscription($ids: [Int!], $after: ID) {
  productUpdated(entityIds: $ids, after: $after) { eventId product { entityId name } }
}`;

describe.skipIf(!redisUp)('two gateways sharing Redis', () => {
  let sandbox: Sandbox;
  let a: Stack;
  let b: Stack;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    // A store hash of its own: this file's streams and channels are apart from other runs'.
    sandbox = await createSandbox({
      products: 20,
      storeHash: `sub${randomBytes(6).toString('hex')}`,
    });
    const env = { REDIS_URL: sharedRedisUrl, CACHE_MODE: 'off' };
    a = await startStack({ sandboxInstance: sandbox, env });
    b = await startStack({ sandboxInstance: sandbox, env });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all([a?.close(), b?.close()]);
    await sandbox?.close();
  });

  it('an event published on one gateway reaches a WebSocket subscriber of the other', async () => {
    const ws = wsClient(b.endpoint);
    clients.push(ws);
    const sub = ws.subscribe(PRODUCT_UPDATED, { ids: [3] });
    await until(() => b.app.events.subscriberCount('productUpdated') === 1);
    sandbox.store.updateProduct(3, { name: 'Across replicas' });
    const published = await a.app.events.publish('productUpdated', {
      productId: 3,
      deleted: false,
      occurredAt,
    });
    expect(published.eventId).toMatch(/^\d+-\d+$/);
    expect((await sub.next()).data?.productUpdated).toEqual({
      eventId: published.eventId,
      product: { entityId: 3, name: 'Across replicas' },
    });
    await ws.dispose();
    await until(() => b.app.events.subscriberCount('productUpdated') === 0);
  });

  it('resumes from the shared history on the other gateway (SSE Last-Event-ID), in order, once', async () => {
    const publish = () =>
      a.app.events.publish('productUpdated', { productId: 4, deleted: false, occurredAt });
    const seen = await publish();
    const missed = [await publish(), await publish()];
    const query = `subscription { productUpdated(entityIds: [4]) { eventId } }`;
    const sse = await sseSubscribe(b.endpoint, query, { 'last-event-id': seen.eventId });
    const replay = [await sse.next(), await sse.next()];
    expect(replay.map((e) => e?.id)).toEqual(missed.map((e) => e.eventId));
    await until(() => b.app.events.subscriberCount('productUpdated') === 1);
    const live = await publish();
    expect((await sse.next())?.id).toBe(live.eventId);
    await sse.close();
  });
});

describe('limits per key, and shutdown', () => {
  let stack: Stack;
  let key = '';

  beforeAll(async () => {
    stack = await startStack({
      sandbox: { products: 5 },
      env: { SUBSCRIPTIONS_PER_KEY: '2', SUBSCRIPTIONS_PER_CONNECTION: '5' },
    });
    key = (
      await stack.app.keys.create({
        name: 'limited',
        scopes: ['subscriptions', 'catalog:read'],
        role: 'partner',
      })
    ).key;
  });
  afterAll(() => stack?.close().catch(() => {}));

  it('refuses a key’s subscription past its limit across connections, whatever the transport', async () => {
    const params = { 'x-api-key': key };
    const one = wsClient(stack.endpoint, params);
    const two = wsClient(stack.endpoint, params);
    one.subscribe(PRODUCT_UPDATED, { ids: [1] });
    two.subscribe(PRODUCT_UPDATED, { ids: [2] });
    await until(() => stack.app.events.subscriberCount('productUpdated') === 2);
    const third = two.subscribe(PRODUCT_UPDATED, { ids: [3] });
    expect((await third.next()).errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    const sse = await sseSubscribe(stack.endpoint, 'subscription { productUpdated { eventId } }', {
      'x-api-key': key,
    });
    const refused = await sse.next();
    expect(refused?.data?.errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    await sse.close();
    // Anyone else still subscribes.
    const anonymous = wsClient(stack.endpoint);
    anonymous.subscribe(PRODUCT_UPDATED, { ids: [4] });
    await until(() => stack.app.events.subscriberCount('productUpdated') === 3);
    await Promise.all([one.dispose(), two.dispose(), anonymous.dispose()]);
    await until(() => stack.app.events.subscriberCount('productUpdated') === 0);
  });

  it('stop() closes every socket with 1001 and ends SSE streams', async () => {
    const ws = wsClient(stack.endpoint);
    const sub = ws.subscribe(PRODUCT_UPDATED);
    const sse = await sseSubscribe(stack.endpoint, 'subscription { productUpdated { eventId } }');
    await until(() => stack.app.events.subscriberCount('productUpdated') === 2);
    const started = Date.now();
    await stack.app.stop();
    expect((await ws.closed).code).toBe(1001);
    await sub.done;
    // The stream completed rather than being cut at the drain deadline (10 s).
    let last = await sse.next();
    while (last && last.event !== 'complete') last = await sse.next();
    expect(last?.event).toBe('complete');
    expect(Date.now() - started).toBeLessThan(5_000);
    await ws.dispose();
  });
});
