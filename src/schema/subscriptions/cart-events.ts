import { GraphQLError } from 'graphql';
import type { Context } from '../../context.js';
import type { BcCart } from '../../datasources/schemas/carts.js';
import type { CartUpdatedEvent } from '../../pubsub/topics.js';
import { builder } from '../builder.js';
import { CartRef } from '../commerce/cart.js';
import { loadCartForViewer, mayReach } from '../commerce/cart-access.js';
import { cartIdSchema } from '../commerce/inputs.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import {
  AFTER_ARG_OPTIONS,
  END_STREAM,
  eventStream,
  keysHolding,
  StoreEventInterface,
  startEvent,
} from './event-stream.js';

/** An event with the cart as the access check fetched it (null: deleted or gone). */
type CartEventPayload = CartUpdatedEvent & { readonly current: BcCart | null };

const CartUpdatedEventRef = builder.objectRef<CartEventPayload>('CartUpdatedEvent').implement({
  interfaces: [StoreEventInterface],
  description: 'A cart changed: items, coupons, owner, conversion to an order, or deletion.',
  fields: (t) => ({
    cartId: t.exposeID('cartId', { description: 'BigCommerce cart id.' }),
    deleted: t.exposeBoolean('deleted', { description: 'Whether the cart is gone.' }),
    cart: t.field({
      type: CartRef,
      nullable: true,
      description: 'The cart as it is now; null once deleted.',
      complexity: UPSTREAM_CALL,
      resolve: (event) => event.current,
    }),
  }),
});

/**
 * Each event is checked again with the cart as it is now: once a customer has taken over a guest
 * cart, the subscription of whoever else held its id ends (complete) without that event.
 */
async function admitCartEvent(
  ctx: Context,
  event: CartUpdatedEvent,
): Promise<CartEventPayload | typeof END_STREAM> {
  if (!mayReach(ctx, event.customerId, 'carts:write')) return END_STREAM;
  const current = event.deleted ? null : await ctx.carts.getCart(event.cartId);
  if (current && !mayReach(ctx, current.customer_id, 'carts:write')) return END_STREAM;
  return { ...event, current };
}

builder.subscriptionField('cartUpdated', (t) =>
  t.field({
    type: CartUpdatedEventRef,
    description:
      'A cart as it changes: yours, a guest cart whose id you hold, or any for keys with `carts:write`.',
    args: {
      cartId: t.arg.id({
        required: true,
        description: 'BigCommerce cart id.',
        validate: cartIdSchema,
      }),
      after: t.arg.id(AFTER_ARG_OPTIONS),
    },
    complexity: UPSTREAM_CALL,
    authScopes: keysHolding('carts:write'),
    subscribe: async (_root, args, ctx) => {
      const cartId = String(args.cartId);
      // Asked like `cart(id:)`: a cart that is not yours is one that does not exist.
      if (!(await loadCartForViewer(ctx, cartId))) {
        throw new GraphQLError('No such cart, or it is not yours.', {
          extensions: { code: 'NOT_FOUND' },
        });
      }
      return eventStream(ctx, 'cartUpdated', args.after, (event) =>
        event.cartId === cartId ? admitCartEvent(ctx, event) : undefined,
      );
    },
    resolve: (event, _args, ctx) => {
      startEvent(event, ctx);
      if (event.current) ctx.cartLoaders.cartById.prime(event.cartId, event.current);
      return event;
    },
  }),
);
