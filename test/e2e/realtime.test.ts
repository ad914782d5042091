import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { HooksApi } from '../../src/datasources/hooks.js';
import { syncHooks } from '../../src/webhooks/hook-sync.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';
import { sandboxHttpClient } from '../helpers/sandbox-http-client.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { type WsClient, wsClient } from '../helpers/ws-client.js';

/**
 * The whole loop, with nothing faked: the store changes (a REST write to the sandbox), BigCommerce
 * calls the hooks `webhooks:sync` registered on replica A, A verifies, queues and processes the
 * event, and a subscriber connected to replica B gets the fresh object; B's next query is fresh.
 */
const redisUp = await sharedRedisAvailable();

describe.skipIf(!redisUp)('a store change reaches subscribers on another replica', () => {
  let sandbox: Sandbox;
  let a: Stack;
  let b: Stack;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox({
      products: 30,
      storeHash: `rt${randomUUID().slice(0, 8)}`,
      webhookRetryDelaysMs: [20, 50],
    });
    const env = { REDIS_URL: sharedRedisUrl };
    a = await startStack({ sandboxInstance: sandbox, env });
    b = await startStack({ sandboxInstance: sandbox, env });
    const http = sandboxHttpClient(sandbox);
    const changes = await syncHooks(new HooksApi(http), {
      destination: `${new URL(a.endpoint).origin}/webhooks/bigcommerce`,
    });
    await http.close();
    expect(changes.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await a?.close();
    await b?.close();
    await sandbox?.close();
  });

  const connect = () => {
    const client = wsClient(b.endpoint);
    clients.push(client);
    return client;
  };

  it('a variant price change arrives as productUpdated with the new price, and B answers it fresh', async () => {
    const product = sandbox.store.products.find(
      (p) => (sandbox.store.variants.get(p.id)?.length ?? 0) > 0,
    );
    const variant = sandbox.store.variants.get(product?.id ?? 0)?.[0];
    if (!product || !variant) throw new Error('the sandbox has no variant');
    const query = `query V($id: Int!) { product(entityId: $id) { variants { entityId price { amount } } } }`;
    const priceOf = async () => {
      const { body } = await b.query<{
        product: { variants: { entityId: number; price: { amount: string } }[] };
      }>(query, { id: product.id });
      return body.data?.product.variants.find((v) => v.entityId === variant.id)?.price.amount;
    };
    // B has the old price cached.
    const before = await priceOf();
    const subscription = connect().subscribe(
      `subscription($ids: [Int!]) { productUpdated(entityIds: $ids) {
        eventId occurredAt product { entityId variants { entityId price { amount } } } } }`,
      { ids: [product.id] },
    );
    await until(async () => b.app.events.subscriberCount('productUpdated') > 0);

    const response = await fetch(
      `${sandbox.url}/stores/${sandbox.storeHash}/v3/catalog/products/${product.id}/variants/${variant.id}`,
      {
        method: 'PUT',
        headers: {
          'x-auth-token': sandbox.accessToken,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ price: 123.45 }),
      },
    );
    expect(response.status).toBe(200);

    const event = await subscription.next();
    expect(event.errors).toBeUndefined();
    const updated = event.data?.productUpdated;
    expect(updated.eventId).toEqual(expect.any(String));
    expect(updated.product.entityId).toBe(product.id);
    const shown = updated.product.variants.find(
      (v: { entityId: number }) => v.entityId === variant.id,
    );
    expect(shown.price.amount).toBe('123.45');
    expect(before).not.toBe('123.45');
    expect(await priceOf()).toBe('123.45');
  });

  it('a guest adding to their cart on A sees cartUpdated on B', async () => {
    const buyable = sandbox.store.products.find(
      (p) =>
        p.is_visible &&
        p.availability !== 'disabled' &&
        (sandbox.store.variants.get(p.id) ?? []).some(
          (v) => !v.purchasing_disabled && (v.inventory_level ?? 0) > 3,
        ),
    );
    const variant = sandbox.store.variants
      .get(buyable?.id ?? 0)
      ?.find((v) => !v.purchasing_disabled && (v.inventory_level ?? 0) > 3);
    const line = { productEntityId: buyable?.id, variantEntityId: variant?.id, quantity: 1 };
    const { body } = await a.query<{ createCart: { cart: { entityId: string } } }>(
      `mutation($input: CreateCartInput!) { createCart(input: $input) { ... on CreateCartPayload { cart { entityId } } } }`,
      { input: { lineItems: [line] } },
    );
    const cartId = body.data?.createCart.cart.entityId ?? '';
    const subscription = connect().subscribe(
      `subscription($id: ID!) { cartUpdated(cartId: $id) { eventId cart { entityId itemCount } } }`,
      { id: cartId },
    );
    await until(async () => b.app.events.subscriberCount('cartUpdated') > 0);
    const added = await a.query(
      `mutation($input: UpdateCartLineItemInput!) { updateCartLineItem(input: $input) { __typename } }`,
      {
        input: {
          cartId,
          lineItemEntityId: sandbox.store.carts.find(cartId)?.lines[0]?.id ?? '',
          quantity: 3,
        },
      },
    );
    expect(added.body.errors).toBeUndefined();
    // Every event of the cart arrives; the last shows the new quantity.
    for (;;) {
      const event = await subscription.next();
      expect(event.errors).toBeUndefined();
      if (event.data?.cartUpdated.cart?.itemCount === 3) break;
    }
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
