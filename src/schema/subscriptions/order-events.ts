import type { OrderUpdatedEvent } from '../../pubsub/topics.js';
import { builder } from '../builder.js';
import { parsePositiveInt } from '../ids.js';
import { OrderRef } from '../orders/order.js';
import { loadOrderForViewer } from '../orders/order-access.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import {
  AFTER_ARG_OPTIONS,
  eventStream,
  keysHolding,
  StoreEventInterface,
  startEvent,
} from './event-stream.js';

const OrderUpdatedEventRef = builder.objectRef<OrderUpdatedEvent>('OrderUpdatedEvent').implement({
  interfaces: [StoreEventInterface],
  description: 'An order was placed, changed status, was updated or archived.',
  fields: (t) => ({
    orderEntityId: t.exposeInt('orderId', { description: 'BigCommerce order id.' }),
    order: t.field({
      type: OrderRef,
      nullable: true,
      description: 'The order as it is now; null when it is gone.',
      complexity: UPSTREAM_CALL,
      resolve: (event, _args, ctx) => loadOrderForViewer(ctx, event.orderId),
    }),
  }),
});

builder.subscriptionField('orderUpdated', (t) =>
  t.field({
    type: OrderUpdatedEventRef,
    description:
      'Orders as they change: a customer’s own, or every order for keys with `orders:read`; one order with `entityId`.',
    args: {
      entityId: t.arg.int({ required: false, description: 'Only this BigCommerce order.' }),
      after: t.arg.id(AFTER_ARG_OPTIONS),
    },
    complexity: UPSTREAM_CALL,
    // Anonymous callers have no orders to follow.
    authScopes: (root, args, ctx) =>
      ctx.viewer.kind !== 'anonymous' && keysHolding('orders:read')(root, args, ctx),
    subscribe: (_root, args, ctx) => {
      const only = args.entityId == null ? undefined : parsePositiveInt(args.entityId);
      const { viewer } = ctx;
      // Filtered on the event's customer before anything is loaded: another customer's order
      // is never fetched for this subscriber, let alone sent.
      return eventStream(ctx, 'orderUpdated', args.after, (event) => {
        if (only !== undefined && event.orderId !== only) return undefined;
        if (viewer.kind === 'customer' && event.customerId !== viewer.customerId) return undefined;
        return event;
      });
    },
    resolve: (event, _args, ctx) => startEvent(event, ctx),
  }),
);
