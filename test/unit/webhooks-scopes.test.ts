import { describe, expect, it } from 'vitest';
import type { BcWebhookCallback } from '../../src/webhooks/callback.js';
import { GATEWAY_WEBHOOK_SCOPES, toWebhookAction } from '../../src/webhooks/scopes.js';

/** A callback as BigCommerce sends it (data as in `shared/bigcommerce/webhooks/data/*.json`). */
const callback = (scope: string, data: Record<string, unknown>): BcWebhookCallback => ({
  scope,
  data,
  store_id: '1025646',
  producer: 'stores/abc123',
  hash: 'a833a57fadd56a32dc752fb6ca0841dc9602a495',
  created_at: 1561479233,
});

const SKU = { type: 'sku', id: 461, sku: { product_id: 206, variant_id: 509 } };
const SKU_INVENTORY = {
  type: 'sku',
  id: 461,
  inventory: { product_id: 206, method: 'absolute', value: 5, variant_id: 509 },
};
const PRODUCT_INVENTORY = {
  type: 'product',
  id: 167,
  inventory: { product_id: 167, method: 'absolute', value: 100000000 },
};
const CART = 'b0386708-fef3-45de-9d8b-fbe3031450a4';

describe('webhook scope → action', () => {
  it.each([
    [
      'store/product/updated',
      { type: 'product', id: 205 },
      { kind: 'product', productId: 205, deleted: false },
    ],
    [
      'store/product/created',
      { type: 'product', id: 205 },
      { kind: 'product', productId: 205, deleted: false },
    ],
    [
      'store/product/deleted',
      { type: 'product', id: 205 },
      { kind: 'product', productId: 205, deleted: true },
    ],
    ['store/product/inventory/updated', PRODUCT_INVENTORY, { kind: 'inventory', productId: 167 }],
    [
      'store/product/inventory/order/updated',
      PRODUCT_INVENTORY,
      { kind: 'inventory', productId: 167 },
    ],
    [
      'store/sku/inventory/updated',
      SKU_INVENTORY,
      { kind: 'inventory', productId: 206, variantId: 509 },
    ],
    [
      'store/sku/inventory/order/updated',
      SKU_INVENTORY,
      { kind: 'inventory', productId: 206, variantId: 509 },
    ],
    ['store/sku/created', SKU, { kind: 'variant', productId: 206, variantId: 509 }],
    ['store/sku/updated', SKU, { kind: 'variant', productId: 206, variantId: 509 }],
    ['store/sku/deleted', SKU, { kind: 'variant', productId: 206, variantId: 509 }],
    [
      'store/cart/created',
      { type: 'cart', id: CART },
      { kind: 'cart', cartId: CART, deleted: false },
    ],
    [
      'store/cart/updated',
      { type: 'cart', id: CART },
      { kind: 'cart', cartId: CART, deleted: false },
    ],
    [
      'store/cart/deleted',
      { type: 'cart', id: CART },
      { kind: 'cart', cartId: CART, deleted: true },
    ],
    [
      'store/cart/couponApplied',
      { type: 'cart', id: CART, couponId: 1 },
      { kind: 'cart', cartId: CART, deleted: false },
    ],
    [
      'store/cart/converted',
      { type: 'cart', id: CART, orderId: 252 },
      { kind: 'cart', cartId: CART, deleted: false, orderId: 252 },
    ],
    [
      'store/cart/lineItem/created',
      { type: 'cart_line_item', id: 'x-1', cartId: CART },
      { kind: 'cart', cartId: CART, deleted: false },
    ],
    [
      'store/cart/lineItem/deleted',
      { type: 'cart_line_item', id: 'x-1', cartId: CART },
      { kind: 'cart', cartId: CART, deleted: false },
    ],
    ['store/order/created', { type: 'order', id: 250 }, { kind: 'order', orderId: 250 }],
    [
      'store/order/statusUpdated',
      { type: 'order', id: 250, status: { previous_status_id: 0, new_status_id: 11 } },
      { kind: 'order', orderId: 250 },
    ],
    ['store/order/archived', { type: 'order', id: 250 }, { kind: 'order', orderId: 250 }],
    ['store/category/updated', { type: 'category', id: 42 }, { kind: 'category', categoryId: 42 }],
    ['store/customer/updated', { type: 'customer', id: 32 }, { kind: 'customer', customerId: 32 }],
  ])('%s', (scope, data, action) => {
    expect(toWebhookAction(callback(scope, data))).toEqual(action);
  });

  it('has an action for every scope it registers', () => {
    for (const scope of GATEWAY_WEBHOOK_SCOPES) {
      expect(() => toWebhookAction(callback(scope, {}))).toThrow();
    }
  });

  it('ignores scopes it does not act on, even under a known resource', () => {
    expect(toWebhookAction(callback('store/app/uninstalled', {}))).toBeUndefined();
    // A metafield's `data.id` is the metafield's, not the product's: never evict by it.
    expect(toWebhookAction(callback('store/product/metafield/updated', { id: 7 }))).toBeUndefined();
    expect(toWebhookAction(callback('store/customer/address/updated', { id: 7 }))).toBeUndefined();
  });

  it('throws when data lacks what its scope promises', () => {
    expect(() => toWebhookAction(callback('store/product/updated', { type: 'product' }))).toThrow();
    expect(() => toWebhookAction(callback('store/sku/updated', { id: 461 }))).toThrow();
    expect(() => toWebhookAction(callback('store/cart/lineItem/updated', { id: 'x' }))).toThrow();
  });
});
