import { GraphQLError } from 'graphql';
import { hasScope } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import type { BcOrder } from '../../datasources/schemas/orders.js';

/**
 * Who reaches which order. A customer reaches their own orders; keys holding `orders:read`
 * (internal keys hold every scope) reach all; anonymous callers none, except an order this very
 * request placed (`grantPlacedOrder`). Anyone else's order answers exactly like a missing id.
 */
export async function loadOrderForViewer(ctx: Context, orderId: number): Promise<BcOrder | null> {
  const { viewer } = ctx;
  const granted = ctx.orderLoaders.grantedOrderIds.has(orderId);
  if (!granted && viewer.kind === 'anonymous') return null;
  if (!granted && viewer.kind !== 'customer' && !hasScope(viewer, 'orders:read')) return null;
  const order = await ctx.orderLoaders.orderById.load(orderId);
  if (!order || granted || viewer.kind !== 'customer') return order;
  return order.customer_id === viewer.customerId ? order : null;
}

/**
 * Lets this request read an order it has just placed (or paid) whatever the viewer, e.g. a
 * guest's `placeOrder` result. Per request: the grant ends with the request's loaders.
 */
export function grantPlacedOrder(ctx: Context, orderId: number): void {
  ctx.orderLoaders.grantedOrderIds.add(orderId);
}

/**
 * Order reads by id are for customers (their own), anonymous callers (nothing) and keys holding
 * `orders:read`: a key without the scope is refused (FORBIDDEN) rather than told "no such order".
 */
export function assertMayReadOrders(ctx: Context): void {
  const { viewer } = ctx;
  if (viewer.kind === 'customer' || viewer.kind === 'anonymous') return;
  if (!hasScope(viewer, 'orders:read')) {
    throw new GraphQLError('Not allowed to read orders (needs the orders:read scope).', {
      extensions: { code: 'FORBIDDEN' },
    });
  }
}
