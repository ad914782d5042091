import type { HookEventData } from './callback.js';

/**
 * `data` of each callback the sandbox sends, shaped as `webhooks/data/*.json`. The sandbox's SKU id
 * is its variant id (v3 has no separate SKU record), so a `sku` event's `id` is the variant's.
 */

export const productData = (id: number): HookEventData => ({ type: 'product', id });

export const skuData = (productId: number, variantId: number): HookEventData => ({
  type: 'sku',
  id: variantId,
  sku: { product_id: productId, variant_id: variantId },
});

/**
 * How stock moved. The spec contradicts itself on `method`: the product scopes say `absolute` is
 * "updated through the API or the control panel" and `relative` "by an order", the SKU scopes the
 * reverse. The sandbox follows the product scopes (two of three descriptions) for both.
 */
export type InventoryMethod = 'absolute' | 'relative';

/** `value` is the change (after − before): `-3` when three were taken. */
export const productInventoryData = (
  productId: number,
  method: InventoryMethod,
  value: number,
): HookEventData => ({
  type: 'product',
  id: productId,
  inventory: { product_id: productId, method, value },
});

export const skuInventoryData = (
  productId: number,
  variantId: number,
  method: InventoryMethod,
  value: number,
): HookEventData => ({
  type: 'sku',
  id: variantId,
  inventory: { product_id: productId, method, value, variant_id: variantId },
});

export const cartData = (cartId: string, extra: Record<string, unknown> = {}): HookEventData => ({
  type: 'cart',
  id: cartId,
  ...extra,
});

export const lineItemData = (cartId: string, itemId: string): HookEventData => ({
  type: 'cart_line_item',
  id: itemId,
  cartId,
});

export const orderData = (orderId: number): HookEventData => ({ type: 'order', id: orderId });

export const orderStatusData = (
  orderId: number,
  previous: number,
  next: number,
): HookEventData => ({
  type: 'order',
  id: orderId,
  status: { previous_status_id: previous, new_status_id: next },
});
