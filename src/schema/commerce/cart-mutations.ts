import { z } from 'zod';
import type { Context } from '../../context.js';
import type { BcCart } from '../../datasources/schemas/carts.js';
import { fingerprintInput, idempotencyOwner } from '../../idempotency/idempotency.js';
import { builder } from '../builder.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { CartRef } from './cart.js';
import { loadCartForViewer, newCartOwner } from './cart-access.js';
import { CartChangedError, OutOfStockError, QuantityLimitError } from './commerce-errors.js';
import { InvalidInputError, NotFoundError } from './common-errors.js';
import { CartLineItemInput, cartIdSchema, toLineItems } from './inputs.js';
import { cartWriteRefusal } from './refusals.js';
import { assertMayWrite, audited } from './write-guard.js';

const LINE_ERRORS = [
  OutOfStockError,
  QuantityLimitError,
  InvalidInputError,
  NotFoundError,
  CartChangedError,
];
const keySchema = z.string().min(8, 'must be at least 8 characters').max(128).nullish();

const CartPayload = (name: string, description: string) =>
  builder.objectRef<{ cart: BcCart }>(name).implement({
    description,
    fields: (t) => ({
      cart: t.field({
        type: CartRef,
        description: 'The cart as it is now.',
        resolve: (p) => p.cart,
      }),
    }),
  });

/** The cart the caller may change, or NotFoundError (also for someone else's). */
async function reachableCart(ctx: Context, cartId: string): Promise<BcCart> {
  const cart = await loadCartForViewer(ctx, cartId);
  if (!cart) throw new NotFoundError('There is no such cart.', { field: 'input.cartId' });
  return cart;
}

const remember = (ctx: Context, cart: BcCart): BcCart => {
  ctx.cartLoaders.cartById.clear(cart.id).prime(cart.id, cart);
  return cart;
};

/** The cart's line item with this id (physical or digital), or the caller's NotFoundError. */
function lineItemOf(cart: BcCart, lineItemId: string) {
  const item = [...cart.line_items.physical_items, ...cart.line_items.digital_items].find(
    (i) => i.id === lineItemId,
  );
  if (!item)
    throw new NotFoundError('There is no such line item.', { field: 'input.lineItemEntityId' });
  return item;
}

const CreateCartInput = builder.inputType('CreateCartInput', {
  description: 'The items of a new cart.',
  fields: (t) => ({
    lineItems: t.field({
      type: [CartLineItemInput],
      required: true,
      description: 'At least one item.',
      validate: z.array(z.unknown()).min(1, 'needs at least one item').max(100),
    }),
    idempotencyKey: t.string({
      required: false,
      description:
        'A retry with the same key returns the first call’s cart instead of making another.',
      validate: keySchema,
    }),
  }),
});

builder.mutationField('createCart', (t) =>
  t.field({
    type: CartPayload('CreateCartPayload', 'The new cart.'),
    description:
      'Creates a cart: a signed-in customer’s own, anyone else’s a guest cart reached by its id.',
    args: { input: t.arg({ type: CreateCartInput, required: true, description: 'The items.' }) },
    errors: {
      types: [OutOfStockError, QuantityLimitError, InvalidInputError],
      directResult: true,
      union: { name: 'CreateCartResult', description: 'The new cart, or why there is none.' },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      assertMayWrite(ctx, 'carts:write');
      const create = async () => {
        const cart = await ctx.carts.createCart({
          customerId: newCartOwner(ctx),
          lineItems: toLineItems(input.lineItems),
        });
        remember(ctx, cart);
        return { cartId: cart.id };
      };
      const { cartId } = await audited(
        ctx,
        'createCart',
        { lineItemCount: input.lineItems.length },
        () =>
          input.idempotencyKey
            ? ctx.idempotency.run(
                {
                  operation: 'createCart',
                  owner: idempotencyOwner(ctx.viewer),
                  key: input.idempotencyKey,
                  fingerprint: fingerprintInput(input),
                },
                create,
              )
            : create(),
        cartWriteRefusal,
        (result) => ({ cartId: result.cartId }),
      );
      return { cart: await reachableCart(ctx, cartId) };
    },
  }),
);

const AddCartLineItemsInput = builder.inputType('AddCartLineItemsInput', {
  description: 'Items to add to a cart.',
  fields: (t) => ({
    cartId: t.id({ required: true, description: 'BigCommerce cart id.', validate: cartIdSchema }),
    lineItems: t.field({
      type: [CartLineItemInput],
      required: true,
      description: 'At least one item; an item already in the cart has its quantity raised.',
      validate: z.array(z.unknown()).min(1, 'needs at least one item').max(100),
    }),
  }),
});

builder.mutationField('addCartLineItems', (t) =>
  t.field({
    type: CartPayload('AddCartLineItemsPayload', 'The cart with the items added.'),
    description: 'Adds items to a cart. Out of stock or over a quantity limit, nothing is added.',
    args: {
      input: t.arg({
        type: AddCartLineItemsInput,
        required: true,
        description: 'The cart and items.',
      }),
    },
    errors: {
      types: LINE_ERRORS,
      directResult: true,
      union: {
        name: 'AddCartLineItemsResult',
        description: 'The cart, or why the items were not added.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      assertMayWrite(ctx, 'carts:write');
      const cartId = String(input.cartId);
      const cart = await audited(
        ctx,
        'addCartLineItems',
        { cartId, lineItemCount: input.lineItems.length },
        async () => {
          await reachableCart(ctx, cartId);
          return remember(ctx, await ctx.carts.addLineItems(cartId, toLineItems(input.lineItems)));
        },
        cartWriteRefusal,
      );
      return { cart };
    },
  }),
);

const UpdateCartLineItemInput = builder.inputType('UpdateCartLineItemInput', {
  description: 'A new quantity for a line item.',
  fields: (t) => ({
    cartId: t.id({ required: true, description: 'BigCommerce cart id.', validate: cartIdSchema }),
    lineItemEntityId: t.string({
      required: true,
      description: 'The line item’s id.',
      validate: z.string().min(1).max(64),
    }),
    quantity: t.int({
      required: true,
      description: 'The new quantity (1–1000).',
      validate: z.number().int().min(1).max(1000),
    }),
  }),
});

builder.mutationField('updateCartLineItem', (t) =>
  t.field({
    type: CartPayload('UpdateCartLineItemPayload', 'The cart with the new quantity.'),
    description: 'Changes the quantity of a line item (remove it with `removeCartLineItem`).',
    args: {
      input: t.arg({
        type: UpdateCartLineItemInput,
        required: true,
        description: 'The line item.',
      }),
    },
    errors: {
      types: LINE_ERRORS,
      directResult: true,
      union: {
        name: 'UpdateCartLineItemResult',
        description: 'The cart, or why it did not change.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      assertMayWrite(ctx, 'carts:write');
      const cartId = String(input.cartId);
      const cart = await audited(
        ctx,
        'updateCartLineItem',
        { cartId, lineItemId: input.lineItemEntityId },
        async () => {
          const item = lineItemOf(await reachableCart(ctx, cartId), input.lineItemEntityId);
          const change = {
            productId: item.product_id,
            variantId: item.variant_id,
            quantity: input.quantity,
          };
          return remember(ctx, await ctx.carts.updateLineItem(cartId, item.id, change));
        },
        cartWriteRefusal,
      );
      return { cart };
    },
  }),
);

const RemoveCartLineItemInput = builder.inputType('RemoveCartLineItemInput', {
  description: 'A line item to remove.',
  fields: (t) => ({
    cartId: t.id({ required: true, description: 'BigCommerce cart id.', validate: cartIdSchema }),
    lineItemEntityId: t.string({
      required: true,
      description: 'The line item’s id.',
      validate: z.string().min(1).max(64),
    }),
  }),
});

builder.mutationField('removeCartLineItem', (t) =>
  t.field({
    type: builder.objectRef<{ cart: BcCart | null }>('RemoveCartLineItemPayload').implement({
      description: 'The cart without the item.',
      fields: (f) => ({
        cart: f.field({
          type: CartRef,
          nullable: true,
          description:
            'The cart as it is now; null when that was its last item (BigCommerce then deletes the cart).',
          resolve: (p) => p.cart,
        }),
      }),
    }),
    description: 'Removes a line item; removing the last one deletes the cart.',
    args: {
      input: t.arg({
        type: RemoveCartLineItemInput,
        required: true,
        description: 'The line item.',
      }),
    },
    errors: {
      types: [NotFoundError, CartChangedError],
      directResult: true,
      union: {
        name: 'RemoveCartLineItemResult',
        description: 'The cart, or why it did not change.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      assertMayWrite(ctx, 'carts:write');
      const cartId = String(input.cartId);
      const cart = await audited(
        ctx,
        'removeCartLineItem',
        { cartId, lineItemId: input.lineItemEntityId },
        async () => {
          lineItemOf(await reachableCart(ctx, cartId), input.lineItemEntityId);
          const after = await ctx.carts.deleteLineItem(cartId, input.lineItemEntityId);
          ctx.cartLoaders.cartById.clear(cartId);
          return after ? remember(ctx, after) : null;
        },
        cartWriteRefusal,
      );
      return { cart };
    },
  }),
);

const DeleteCartInput = builder.inputType('DeleteCartInput', {
  description: 'A cart to delete.',
  fields: (t) => ({
    cartId: t.id({ required: true, description: 'BigCommerce cart id.', validate: cartIdSchema }),
  }),
});

builder.mutationField('deleteCart', (t) =>
  t.field({
    type: builder.objectRef<{ deletedCartId: string }>('DeleteCartPayload').implement({
      description: 'The cart is gone.',
      fields: (f) => ({
        deletedCartId: f.id({
          description: 'The BigCommerce id of the deleted cart.',
          resolve: (p) => p.deletedCartId,
        }),
      }),
    }),
    description: 'Deletes a cart and its checkout.',
    args: { input: t.arg({ type: DeleteCartInput, required: true, description: 'The cart.' }) },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: {
        name: 'DeleteCartResult',
        description: 'The deleted id, or why nothing was deleted.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      assertMayWrite(ctx, 'carts:write');
      const cartId = String(input.cartId);
      await audited(
        ctx,
        'deleteCart',
        { cartId },
        async () => {
          await reachableCart(ctx, cartId);
          await ctx.carts.deleteCart(cartId);
          ctx.cartLoaders.cartById.clear(cartId);
        },
        cartWriteRefusal,
      );
      return { deletedCartId: cartId };
    },
  }),
);
