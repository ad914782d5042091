import { z } from 'zod';
import type { Context } from '../../context.js';
import { UpstreamInputError, UpstreamNotFoundError } from '../../datasources/errors.js';
import type { NewShipment } from '../../datasources/orders.js';
import type { BcOrder, BcShipment } from '../../datasources/schemas/orders.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { OrderRef } from './order.js';
import { OrderStatus } from './order-status.js';
import { ShipmentRef } from './shipment.js';
import { toNewShipment } from './shipment-request.js';

const ORDERS_WRITE = { scope: 'orders:write' } as const;

const orderEntityId = z.number().int().positive('must be a positive order id');

const UpdateOrderStatusInput = builder.inputType('UpdateOrderStatusInput', {
  description: 'The order and its new status.',
  fields: (t) => ({
    orderEntityId: t.int({
      required: true,
      description: 'BigCommerce order id.',
      validate: orderEntityId,
    }),
    status: t.field({ type: OrderStatus, required: true, description: 'The new status.' }),
  }),
});

const ShipmentItemInput = builder.inputType('ShipmentItemInput', {
  description: 'How many of one order line go into the parcel.',
  fields: (t) => ({
    orderLineItemEntityId: t.int({
      required: true,
      description: '`OrderLineItem.entityId`.',
      validate: z.number().int().positive(),
    }),
    quantity: t.int({
      required: true,
      description: 'How many.',
      validate: z.number().int().min(1).max(10_000),
    }),
  }),
});

const CreateShipmentInput = builder.inputType('CreateShipmentInput', {
  description: 'A parcel to record for an order.',
  fields: (t) => ({
    orderEntityId: t.int({
      required: true,
      description: 'BigCommerce order id.',
      validate: orderEntityId,
    }),
    trackingNumber: t.string({
      required: true,
      description: 'The carrier’s tracking number (at most 50 characters).',
      validate: z.string().trim().min(1, 'is required').max(50),
    }),
    carrier: t.string({
      required: true,
      description:
        'The carrier: `ups`, `usps`, `fedex`, `royalmail`, `auspost`, `canadapost`, `dhl`...',
      validate: z
        .string()
        .trim()
        .min(1, 'is required')
        .max(50)
        .regex(/^[a-z0-9_-]+$/i, 'must be a carrier name'),
    }),
    items: t.field({
      type: [ShipmentItemInput],
      required: true,
      description: 'The order lines in the parcel (all to one shipping address).',
      validate: z.array(z.unknown()).min(1, 'needs at least one item').max(250),
    }),
  }),
});

const UpdateOrderStatusPayload = builder
  .objectRef<{ order: BcOrder }>('UpdateOrderStatusPayload')
  .implement({
    description: 'The outcome of `updateOrderStatus`.',
    fields: (t) => ({
      order: t.field({
        type: OrderRef,
        description: 'The order, with its new status.',
        resolve: (p) => p.order,
      }),
    }),
  });

const CreateShipmentPayload = builder
  .objectRef<{ shipment: BcShipment; orderId: number }>('CreateShipmentPayload')
  .implement({
    description: 'The outcome of `createShipment`.',
    fields: (t) => ({
      shipment: t.field({
        type: ShipmentRef,
        description: 'The shipment created.',
        resolve: (p) => p.shipment,
      }),
      order: t.field({
        type: OrderRef,
        nullable: true,
        description: 'The order, with its shipments and status as they now are.',
        complexity: UPSTREAM_CALL,
        resolve: (p, _args, ctx) => ctx.orderLoaders.orderById.load(p.orderId),
      }),
    }),
  });

/** Upstream refusals of an order write in the graph's words; anything else goes on up. */
function toUserError(error: unknown, field: string): unknown {
  if (error instanceof UpstreamNotFoundError) {
    return new NotFoundError('There is no such order.', { field: 'input.orderEntityId' });
  }
  if (error instanceof UpstreamInputError)
    return new InvalidInputError('BigCommerce refused the change.', { field });
  return error;
}

function forgetOrder(ctx: Context, orderId: number): void {
  ctx.orderLoaders.orderById.clear(orderId);
  ctx.orderLoaders.productsByOrderId.clear(orderId);
  ctx.orderLoaders.shipmentsByOrderId.clear(orderId);
}

builder.mutationField('updateOrderStatus', (t) =>
  t.field({
    type: UpdateOrderStatusPayload,
    description: 'Moves an order to another status (keys with `orders:write`).',
    authScopes: ORDERS_WRITE,
    args: {
      input: t.arg({
        type: UpdateOrderStatusInput,
        required: true,
        description: 'What to change.',
      }),
    },
    errors: {
      types: [NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'UpdateOrderStatusResult',
        description: 'The order, or why it was not changed.',
      },
    },
    complexity: UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const orderId = input.orderEntityId;
      try {
        const order = await ctx.orders.updateOrderStatus(orderId, input.status);
        forgetOrder(ctx, orderId);
        ctx.orderLoaders.orderById.prime(orderId, order);
        ctx.audit({
          operation: 'updateOrderStatus',
          outcome: 'success',
          details: { orderId, statusId: input.status },
        });
        return { order };
      } catch (error) {
        const mapped = toUserError(error, 'input.status');
        ctx.audit({
          operation: 'updateOrderStatus',
          outcome: mapped === error ? 'error' : 'rejected',
          reason:
            mapped instanceof NotFoundError
              ? 'not_found'
              : mapped === error
                ? 'upstream'
                : 'refused',
          details: { orderId },
        });
        throw mapped;
      }
    },
  }),
);

builder.mutationField('createShipment', (t) =>
  t.field({
    type: CreateShipmentPayload,
    description:
      'Records a parcel sent for an order, with its tracking number (keys with `orders:write`).',
    authScopes: ORDERS_WRITE,
    args: {
      input: t.arg({ type: CreateShipmentInput, required: true, description: 'The parcel.' }),
    },
    errors: {
      types: [NotFoundError, InvalidInputError],
      directResult: true,
      union: { name: 'CreateShipmentResult', description: 'The shipment, or why none was made.' },
    },
    // The order's lines, then the shipment.
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const orderId = input.orderEntityId;
      const audit = (
        outcome: 'success' | 'rejected' | 'error',
        reason?: string,
        shipmentId?: number,
      ) =>
        ctx.audit({
          operation: 'createShipment',
          outcome,
          reason,
          details: shipmentId === undefined ? { orderId } : { orderId, shipmentId },
        });
      try {
        const lines = await ctx.orderLoaders.productsByOrderId.load(orderId);
        if (lines.length === 0)
          throw new NotFoundError('There is no such order.', { field: 'input.orderEntityId' });
        const request: NewShipment = toNewShipment(input, lines);
        const shipment = await ctx.orders.createShipment(orderId, request);
        forgetOrder(ctx, orderId);
        audit('success', undefined, shipment.id);
        return { shipment, orderId };
      } catch (error) {
        const mapped = toUserError(error, 'input.items');
        if (mapped instanceof NotFoundError) audit('rejected', 'not_found');
        else if (mapped instanceof InvalidInputError) audit('rejected', 'invalid_input');
        else audit('error', 'upstream');
        throw mapped;
      }
    },
  }),
);
