import { hasScope } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import type { BcCart } from '../../datasources/schemas/carts.js';
import type { BcCheckout } from '../../datasources/schemas/checkouts.js';
import { checkoutLoader } from './checkout-loader.js';

/**
 * Who reaches which cart: a guest cart (customer 0) anyone holding its unguessable id; a
 * customer's cart only that customer; keys holding `carts:write` (checkouts: `checkout:write`;
 * internal keys hold every scope) every cart. Anyone else gets what a missing id gets.
 */
export function mayReach(
  ctx: Context,
  ownerId: number,
  scope: 'carts:write' | 'checkout:write',
): boolean {
  const { viewer } = ctx;
  if (viewer.kind === 'partner' || viewer.kind === 'internal') return hasScope(viewer, scope);
  if (ownerId === 0) return true;
  return viewer.kind === 'customer' && viewer.customerId === ownerId;
}

export async function loadCartForViewer(ctx: Context, cartId: string): Promise<BcCart | null> {
  const cart = await ctx.cartLoaders.cartById.load(cartId);
  return cart && mayReach(ctx, cart.customer_id, 'carts:write') ? cart : null;
}

export async function loadCheckoutForViewer(
  ctx: Context,
  checkoutId: string,
): Promise<BcCheckout | null> {
  const checkout = await checkoutLoader(ctx).load(checkoutId);
  return checkout && mayReach(ctx, checkout.cart.customer_id, 'checkout:write') ? checkout : null;
}

/** The id a signed-in customer's new cart belongs to; guests and keys make guest carts. */
export const newCartOwner = (ctx: Context): number | undefined =>
  ctx.viewer.kind === 'customer' ? ctx.viewer.customerId : undefined;
