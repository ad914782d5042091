import { z } from 'zod';
import type { BcWebhookCallback } from './callback.js';

/**
 * The hooks the gateway registers (`npm run webhooks:sync`): every scope whose event evicts a
 * cached entity or feeds a subscription. Exact scopes, not `store/product/*`, so a registered hook
 * compares one to one with this list. BigCommerce has no brand callbacks (only brand metafields),
 * so brands are left to their TTL.
 */
export const GATEWAY_WEBHOOK_SCOPES = [
  'store/product/created',
  'store/product/updated',
  'store/product/deleted',
  'store/product/inventory/updated',
  'store/product/inventory/order/updated',
  'store/sku/created',
  'store/sku/updated',
  'store/sku/deleted',
  'store/sku/inventory/updated',
  'store/sku/inventory/order/updated',
  'store/category/created',
  'store/category/updated',
  'store/category/deleted',
  'store/cart/created',
  'store/cart/updated',
  'store/cart/deleted',
  'store/cart/couponApplied',
  'store/cart/converted',
  'store/cart/lineItem/created',
  'store/cart/lineItem/updated',
  'store/cart/lineItem/deleted',
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
  'store/order/archived',
  'store/customer/created',
  'store/customer/updated',
  'store/customer/deleted',
] as const;

/** What one callback asks of a worker: what to evict, what to fetch, what to publish. */
export type WebhookAction =
  | { kind: 'product'; productId: number; deleted: boolean }
  /** A variant (SKU) changed: its product is published as updated. */
  | { kind: 'variant'; productId: number; variantId: number }
  | { kind: 'inventory'; productId: number; variantId?: number }
  | { kind: 'cart'; cartId: string; deleted: boolean; orderId?: number }
  | { kind: 'order'; orderId: number }
  /** Evictions only: nothing is published. */
  | { kind: 'category'; categoryId: number }
  /** Customers are never cached across requests (`cache/keys.ts`): nothing to evict or publish. */
  | { kind: 'customer'; customerId: number };

const id = z.number().int().positive();
const withId = z.object({ id });
const skuData = z.object({
  id,
  sku: z.object({ product_id: id, variant_id: id }),
});
const inventoryData = z.object({
  inventory: z.object({ product_id: id, variant_id: id.optional() }),
});
// `store/cart/lineItem/*` name the cart in `cartId`; the others in `id` (`orderId` once converted).
const cartData = z.object({ id: z.string().min(1), orderId: id.optional() });
const lineItemData = z.object({ cartId: z.string().min(1) });

type ToAction = (data: Record<string, unknown>) => WebhookAction;

const product =
  (deleted: boolean): ToAction =>
  (data) => ({ kind: 'product', productId: withId.parse(data).id, deleted });
const variant: ToAction = (data) => {
  const { sku } = skuData.parse(data);
  return { kind: 'variant', productId: sku.product_id, variantId: sku.variant_id };
};
const inventory: ToAction = (data) => {
  const { inventory: level } = inventoryData.parse(data);
  return { kind: 'inventory', productId: level.product_id, variantId: level.variant_id };
};
const cart =
  (deleted: boolean): ToAction =>
  (data) => {
    const { id: cartId, orderId } = cartData.parse(data);
    return { kind: 'cart', cartId, deleted, ...(orderId === undefined ? {} : { orderId }) };
  };
const lineItem: ToAction = (data) => ({
  kind: 'cart',
  cartId: lineItemData.parse(data).cartId,
  deleted: false,
});
const order: ToAction = (data) => ({ kind: 'order', orderId: withId.parse(data).id });
const category: ToAction = (data) => ({ kind: 'category', categoryId: withId.parse(data).id });
const customer: ToAction = (data) => ({ kind: 'customer', customerId: withId.parse(data).id });

/**
 * Scope → action, per the contract's table. Exact scopes only: a metafield or address scope under
 * the same resource carries other ids in `data`, so a prefix match would evict the wrong entity.
 */
const ACTIONS: Readonly<Record<(typeof GATEWAY_WEBHOOK_SCOPES)[number], ToAction>> = {
  'store/product/created': product(false),
  'store/product/updated': product(false),
  'store/product/deleted': product(true),
  'store/product/inventory/updated': inventory,
  'store/product/inventory/order/updated': inventory,
  'store/sku/created': variant,
  'store/sku/updated': variant,
  'store/sku/deleted': variant,
  'store/sku/inventory/updated': inventory,
  'store/sku/inventory/order/updated': inventory,
  'store/category/created': category,
  'store/category/updated': category,
  'store/category/deleted': category,
  'store/cart/created': cart(false),
  'store/cart/updated': cart(false),
  'store/cart/deleted': cart(true),
  'store/cart/couponApplied': cart(false),
  'store/cart/converted': cart(false),
  'store/cart/lineItem/created': lineItem,
  'store/cart/lineItem/updated': lineItem,
  'store/cart/lineItem/deleted': lineItem,
  'store/order/created': order,
  'store/order/updated': order,
  'store/order/statusUpdated': order,
  'store/order/archived': order,
  'store/customer/created': customer,
  'store/customer/updated': customer,
  'store/customer/deleted': customer,
};

export type GatewayWebhookScope = (typeof GATEWAY_WEBHOOK_SCOPES)[number];

export function isGatewayScope(scope: string): scope is GatewayWebhookScope {
  return Object.hasOwn(ACTIONS, scope);
}

/**
 * The action a callback asks for; `undefined` for a scope the gateway does not act on. Throws a
 * ZodError when `data` lacks what its scope promises.
 */
export function toWebhookAction({ scope, data }: BcWebhookCallback): WebhookAction | undefined {
  return isGatewayScope(scope) ? ACTIONS[scope](data) : undefined;
}
