import { z } from 'zod';
import type { Context } from '../../context.js';
import { UpstreamInputError, UpstreamNotFoundError } from '../../datasources/errors.js';
import { fingerprintInput, idempotencyOwner } from '../../idempotency/idempotency.js';
import { builder } from '../builder.js';
import type { UserError } from '../errors.js';
import { type OrderRecord, OrderRef } from '../orders/order.js';
import { grantPlacedOrder, loadOrderForViewer } from '../orders/order-access.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { loadCheckoutForViewer } from './cart-access.js';
import { checkoutLoader } from './checkout-loader.js';
import { CheckoutIncompleteError, OutOfStockError } from './commerce-errors.js';
import { NotFoundError } from './common-errors.js';
import { cartIdSchema } from './inputs.js';
import { lineItemField } from './refusals.js';
import { assertMayWrite, audited } from './write-guard.js';

const PlaceOrderInput = builder.inputType('PlaceOrderInput', {
  description: 'The checkout to turn into an order.',
  fields: (t) => ({
    checkoutId: t.id({
      required: true,
      description: 'Checkout id (the cart’s UUID).',
      validate: cartIdSchema,
    }),
    idempotencyKey: t.string({
      required: true,
      description:
        'A retry with the same key returns the first call’s order instead of placing another.',
      validate: z.string().min(8, 'must be at least 8 characters').max(128),
    }),
  }),
});

function placeRefusal(error: unknown): UserError | null {
  if (error instanceof UpstreamNotFoundError) {
    return new NotFoundError('There is no such checkout.', { field: 'input.checkoutId' });
  }
  if (!(error instanceof UpstreamInputError)) return null;
  const stockKey = Object.entries(error.fields).find(([, message]) => /stock/i.test(message))?.[0];
  if (stockKey) {
    return new OutOfStockError('An item is no longer in stock in that quantity.', {
      field: lineItemField(stockKey),
    });
  }
  const missing = Object.keys(error.fields)[0] ?? '';
  const message = missing.startsWith('billing_address')
    ? 'The checkout needs a complete billing address.'
    : 'Every consignment needs a complete shipping address and a chosen shipping option.';
  return new CheckoutIncompleteError(message, { field: 'input.checkoutId' });
}

/** Places the order once: the first call's order id is the answer to every retry with the key. */
async function placeOnce(ctx: Context, checkoutId: string): Promise<{ orderId: number }> {
  const checkout = await loadCheckoutForViewer(ctx, checkoutId);
  if (!checkout)
    throw new NotFoundError('There is no such checkout.', { field: 'input.checkoutId' });
  const orderId = await ctx.checkouts.createOrder(checkoutId);
  // BigCommerce converts the cart: it and its checkout are gone.
  checkoutLoader(ctx).clear(checkoutId);
  ctx.cartLoaders.cartById.clear(checkoutId);
  return { orderId };
}

builder.mutationField('placeOrder', (t) =>
  t.field({
    type: builder.objectRef<{ order: OrderRecord }>('PlaceOrderPayload').implement({
      description: 'The order placed.',
      fields: (f) => ({
        order: f.field({
          type: OrderRef,
          description: 'The new order (awaiting payment).',
          resolve: (p) => p.order,
        }),
      }),
    }),
    description:
      'Turns a complete checkout into an order (then pay it with `payOrder`). The cart is converted and gone.',
    args: {
      input: t.arg({ type: PlaceOrderInput, required: true, description: 'The checkout and key.' }),
    },
    errors: {
      types: [NotFoundError, CheckoutIncompleteError, OutOfStockError],
      directResult: true,
      union: { name: 'PlaceOrderResult', description: 'The order, or why none was placed.' },
    },
    complexity: 3 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      assertMayWrite(ctx, 'checkout:write');
      const checkoutId = String(input.checkoutId);
      const { orderId } = await audited(
        ctx,
        'placeOrder',
        { checkoutId },
        () =>
          ctx.idempotency.run(
            {
              operation: 'placeOrder',
              owner: idempotencyOwner(ctx.viewer),
              key: input.idempotencyKey,
              fingerprint: fingerprintInput(input),
            },
            () => placeOnce(ctx, checkoutId),
          ),
        placeRefusal,
        (result) => ({ orderId: result.orderId }),
      );
      // This request placed it (or its key did): it may read it, a guest included.
      grantPlacedOrder(ctx, orderId);
      const order = await loadOrderForViewer(ctx, orderId);
      if (!order) throw new Error(`Order ${orderId} was placed but cannot be read`);
      return { order };
    },
  }),
);
