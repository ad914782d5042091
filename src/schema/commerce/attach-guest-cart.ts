import type { Context } from '../../context.js';

/**
 * Gives a guest cart to a customer who has just signed in or registered (`login`,
 * `registerCustomer` with `guestCartId`). Refuses silently: a missing cart, or one that is not a
 * guest cart (someone else's, or already this customer's), is left alone, and the sign-in goes on
 * whatever happens here.
 */
export async function attachGuestCart(
  ctx: Context,
  cartId: string,
  customerId: number,
): Promise<void> {
  try {
    const cart = await ctx.carts.getCart(cartId);
    if (cart?.customer_id !== 0) {
      ctx.audit({
        operation: 'attachGuestCart',
        outcome: 'rejected',
        reason: 'not_a_guest_cart',
        details: { cartId },
      });
      return;
    }
    const attached = await ctx.carts.assignCustomer(cartId, customerId);
    ctx.cartLoaders.cartById.clear(cartId).prime(cartId, attached);
    ctx.audit({
      operation: 'attachGuestCart',
      outcome: 'success',
      details: { cartId, customerId },
    });
  } catch (error) {
    ctx.log.warn({ err: error, cartId }, 'guest cart not attached');
    ctx.audit({
      operation: 'attachGuestCart',
      outcome: 'error',
      reason: 'upstream',
      details: { cartId },
    });
  }
}
