import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historicalCheckout } from '../../sandbox/orders/seed.js';
import { createSandbox } from '../../sandbox/server.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

/**
 * Upstream requests for the two pages a shopping app shows most after the listing: the cart page
 * (cart, line items, their products, images and variants) and the order page (order, items, their
 * products, shipping addresses, shipments). Each must cost the same number of upstream requests
 * whatever the number of items: DataLoader batches the products into `id:in` calls. Counted with
 * every cache off, so each page is a full upstream round trip.
 */
export const CART_PAGE = /* GraphQL */ `query CartPage($id: ID!) {
  cart(id: $id) {
    entityId itemCount cartAmount { amount currencyCode } baseAmount { amount } discountAmount { amount }
    lineItems {
      entityId name sku quantity imageUrl extendedSalePrice { amount }
      product { entityId name path defaultImage { url(width: 160) altText } brand { name } }
      variant { entityId sku options { displayName label } }
    }
  }
}`;

export const ORDER_PAGE = /* GraphQL */ `query OrderPage($entityId: Int!) {
  order(entityId: $entityId) {
    entityId status createdAt grandTotal { amount currencyCode } subtotal { amount } taxTotal { amount }
    billingAddress { firstName lastName city countryCode }
    shippingAddresses { firstName city countryCode }
    lineItems { entityId name quantity total { amount }
      product { entityId name path defaultImage { url(width: 160) } brand { name } } }
    shipments { carrier trackingNumber trackingLink }
  }
}`;

export interface PageCost {
  items: number;
  cartPage: number;
  orderPage: number;
}

export const ITEM_COUNTS = [1, 5, 25] as const;

interface Answer<T> {
  data?: T;
  errors?: unknown[];
}

export async function measureCommerceRequests(): Promise<PageCost[]> {
  const sandbox = await createSandbox({ products: 200, seed: 3 });
  const keysDir = mkdtempSync(join(tmpdir(), 'bcgw-bench-commerce-'));
  const app = buildApp(
    loadConfig({
      BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
      BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
      BIGCOMMERCE_API_URL: sandbox.url,
      BIGCOMMERCE_PAYMENTS_URL: sandbox.url,
      API_KEYS_FILE: join(keysDir, 'keys.json'),
      CACHE_MODE: 'off',
      RESPONSE_CACHE_TTL_S: '0',
      METRICS_PORT: '0',
      REDIS_URL: '',
      LOG_LEVEL: 'silent',
    }),
    { logger: createLogger('silent') },
  );
  const endpoint = `${await app.start(0, '127.0.0.1')}/graphql`;
  try {
    const partner = await app.keys.create({
      name: 'bench',
      scopes: ['carts:write', 'orders:read', 'orders:write', 'catalog:read'],
    });
    const ask = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${partner.key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Answer<T>;
      if (body.errors || !body.data) throw new Error(`bench query failed: ${JSON.stringify(body)}`);
      return body.data;
    };
    const buyable = purchasableProducts(sandbox.store, Math.max(...ITEM_COUNTS));
    const counted = async (query: string, variables: Record<string, unknown>) => {
      sandbox.counters.reset();
      await ask(query, variables);
      return sandbox.counters.total();
    };

    const costs: PageCost[] = [];
    for (const items of ITEM_COUNTS) {
      const lines = buyable.slice(0, items);
      const { createCart } = await ask<{ createCart: { cart?: { entityId: string } } }>(
        `mutation C($input: CreateCartInput!) { createCart(input: $input) {
          ... on CreateCartPayload { cart { entityId } } ... on Error { code message } } }`,
        { input: { lineItems: lines.map((line) => ({ ...line, quantity: 1 })) } },
      );
      const cartId = createCart.cart?.entityId;
      if (!cartId)
        throw new Error(`bench: no cart of ${items} items: ${JSON.stringify(createCart)}`);

      const orderId = sandbox.store.orders.createFromCheckout(
        historicalCheckout(
          sandbox.store,
          1,
          lines.map((line) => ({ productId: line.productEntityId, quantity: 1, priceCents: 1000 })),
          `bench-order-${items}`,
        ),
      );
      const { order } = await ask<{ order: { lineItems: { entityId: number }[] } }>(
        'query O($id: Int!) { order(entityId: $id) { lineItems { entityId } } }',
        { id: orderId },
      );
      await ask(
        `mutation S($input: CreateShipmentInput!) { createShipment(input: $input) {
          ... on CreateShipmentPayload { shipment { trackingNumber } } ... on Error { code } } }`,
        {
          input: {
            orderEntityId: orderId,
            trackingNumber: `1ZBENCH${items}`,
            carrier: 'ups',
            items: order.lineItems.map((item) => ({
              orderLineItemEntityId: item.entityId,
              quantity: 1,
            })),
          },
        },
      );
      costs.push({
        items,
        cartPage: await counted(CART_PAGE, { id: cartId }),
        orderPage: await counted(ORDER_PAGE, { entityId: orderId }),
      });
    }
    return costs;
  } finally {
    await app.stop();
    await sandbox.close();
    rmSync(keysDir, { recursive: true, force: true });
  }
}

/** Visible products with a variant in stock, as `{ productEntityId, variantEntityId }`. */
function purchasableProducts(
  store: Awaited<ReturnType<typeof createSandbox>>['store'],
  count: number,
): { productEntityId: number; variantEntityId: number }[] {
  const picks: { productEntityId: number; variantEntityId: number }[] = [];
  for (const product of store.products) {
    if (!product.is_visible || product.availability !== 'available') continue;
    const variant = (store.variants.get(product.id) ?? []).find(
      (v) =>
        !v.purchasing_disabled &&
        (product.inventory_tracking === 'none' || (v.inventory_level ?? 0) > 2),
    );
    if (variant) picks.push({ productEntityId: product.id, variantEntityId: variant.id });
    if (picks.length === count) return picks;
  }
  throw new Error(`bench: the sandbox has fewer than ${count} purchasable products`);
}
