import { z } from 'zod';
import { hasScope } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import { UpstreamInputError } from '../../datasources/errors.js';
import type { BcOrder } from '../../datasources/schemas/orders.js';
import type { BcPaymentMethod } from '../../datasources/schemas/payments.js';
import { fingerprintInput, idempotencyOwner } from '../../idempotency/idempotency.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { OrderRef } from './order.js';
import { grantPlacedOrder, loadOrderForViewer } from './order-access.js';
import { PaymentDeclinedError } from './payment-errors.js';
import { PaymentMethodRef } from './payment-method.js';

/** Statuses BigCommerce still takes a payment in: Incomplete (0) and Pending (1). */
const PAYABLE_STATUS_IDS: ReadonlySet<number> = new Set([0, 1]);

const orderEntityId = z.number().int().positive('must be a positive order id');

const CreatePaymentAccessTokenInput = builder.inputType('CreatePaymentAccessTokenInput', {
  description: 'The order to pay; a guest proves their order with its checkout id.',
  fields: (t) => ({
    orderEntityId: t.int({
      required: true,
      description: 'BigCommerce order id.',
      validate: orderEntityId,
    }),
    checkoutId: t.id({
      required: false,
      description: 'The checkout the order was placed from: required of a guest (not signed in).',
      validate: z.string().min(1).max(64),
    }),
  }),
});

const PayOrderInput = builder.inputType('PayOrderInput', {
  description: 'The order and the saved card to pay it with.',
  fields: (t) => ({
    orderEntityId: t.int({
      required: true,
      description: 'BigCommerce order id.',
      validate: orderEntityId,
    }),
    storedInstrumentToken: t.string({
      required: true,
      description: '`StoredInstrument.token` of one of your saved cards.',
      validate: z.string().regex(/^[A-Za-z0-9]{64}$/, 'must be a stored instrument token'),
    }),
    idempotencyKey: t.string({
      required: true,
      description: 'A key you choose per payment: a retry with the same key never charges twice.',
      validate: z.string().min(1, 'is required').max(255),
    }),
  }),
});

const CreatePaymentAccessTokenPayload = builder
  .objectRef<{ token: string; methods: BcPaymentMethod[] }>('CreatePaymentAccessTokenPayload')
  .implement({
    description:
      'A payment access token: send card data with it straight to BigCommerce’s payments endpoint (`Authorization: PAT <token>`), never through this API.',
    fields: (t) => ({
      token: t.exposeString('token', {
        description: 'Single-use; pays this order only. Keep it secret.',
      }),
      paymentMethods: t.field({
        type: [PaymentMethodRef],
        description: 'The methods the order can be paid with (`payment_method_id`).',
        resolve: (p) => p.methods,
      }),
    }),
  });

const PayOrderPayload = builder.objectRef<{ order: BcOrder }>('PayOrderPayload').implement({
  description: 'The outcome of `payOrder`.',
  fields: (t) => ({
    order: t.field({ type: OrderRef, description: 'The order, paid.', resolve: (p) => p.order }),
  }),
});

const notFound = () =>
  new NotFoundError('There is no such order.', { field: 'input.orderEntityId' });
const alreadyPaid = () =>
  new InvalidInputError('The order has been paid or can no longer be paid.', {
    field: 'input.orderEntityId',
  });

/**
 * The order this viewer may pay: a customer's own; a guest's only with its checkout id (the
 * order's `cart_id`); any for keys with `orders:write`. Anyone else is told there is no such order.
 */
async function payableOrderFor(
  ctx: Context,
  orderId: number,
  checkoutId?: string | null,
): Promise<BcOrder> {
  const { viewer } = ctx;
  let order: BcOrder | null;
  if (viewer.kind === 'customer') order = await loadOrderForViewer(ctx, orderId);
  else if (viewer.kind !== 'anonymous' && hasScope(viewer, 'orders:write')) {
    order = await ctx.orderLoaders.orderById.load(orderId);
  } else if (viewer.kind === 'anonymous' && checkoutId) {
    const found = await ctx.orderLoaders.orderById.load(orderId);
    order = found && found.customer_id === 0 && found.cart_id === checkoutId ? found : null;
  } else order = null;
  if (!order) throw notFound();
  if (!PAYABLE_STATUS_IDS.has(order.status_id)) throw alreadyPaid();
  return order;
}

/** Audits the outcome of a payment write: ids and a reason only, never a token or instrument. */
function auditOutcome(ctx: Context, operation: string, orderId: number, error?: unknown): void {
  if (error === undefined) {
    ctx.audit({ operation, outcome: 'success', details: { orderId } });
    return;
  }
  const reason =
    error instanceof NotFoundError
      ? 'not_found'
      : error instanceof PaymentDeclinedError
        ? 'declined'
        : error instanceof InvalidInputError
          ? 'not_payable'
          : 'upstream';
  ctx.audit({
    operation,
    outcome: reason === 'upstream' ? 'error' : 'rejected',
    reason,
    details: { orderId },
  });
}

builder.mutationField('createPaymentAccessToken', (t) =>
  t.field({
    type: CreatePaymentAccessTokenPayload,
    description:
      'A payment access token and the accepted methods for an order, so an app can send card data straight to BigCommerce.',
    args: {
      input: t.arg({
        type: CreatePaymentAccessTokenInput,
        required: true,
        description: 'The order.',
      }),
    },
    errors: {
      types: [NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'CreatePaymentAccessTokenResult',
        description: 'A token, or why there is none.',
      },
    },
    // The order, then the token and the methods together.
    complexity: 3 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const orderId = input.orderEntityId;
      try {
        const order = await payableOrderFor(ctx, orderId, input.checkoutId);
        const [token, methods] = await Promise.all([
          ctx.payments.createAccessToken(order.id),
          ctx.payments.getPaymentMethods(order.id),
        ]);
        auditOutcome(ctx, 'createPaymentAccessToken', orderId);
        return { token, methods };
      } catch (error) {
        const mapped = error instanceof UpstreamInputError ? alreadyPaid() : error;
        auditOutcome(ctx, 'createPaymentAccessToken', orderId, mapped);
        throw mapped;
      }
    },
  }),
);

/** Pays with a stored card: a fresh token, the method holding that card, then the charge. */
async function payWithStoredCard(
  ctx: Context,
  order: BcOrder,
  instrumentToken: string,
): Promise<void> {
  const [accessToken, methods] = await Promise.all([
    ctx.payments.createAccessToken(order.id),
    ctx.payments.getPaymentMethods(order.id),
  ]);
  const method = methods.find((m) =>
    m.stored_instruments?.some((i) => i.token === instrumentToken),
  );
  if (!method) {
    throw new InvalidInputError('This saved card cannot pay this order.', {
      field: 'input.storedInstrumentToken',
    });
  }
  try {
    await ctx.payments.pay({
      accessToken,
      paymentMethodId: method.id,
      instrument: { type: 'stored_card', token: instrumentToken },
    });
  } catch (error) {
    if (error instanceof UpstreamInputError) {
      throw new PaymentDeclinedError('The payment was declined; nothing was charged.', {
        field: 'input.storedInstrumentToken',
      });
    }
    throw error;
  }
}

builder.mutationField('payOrder', (t) =>
  t.field({
    type: PayOrderPayload,
    description:
      'Pays an order with one of your saved cards. A retry with the same `idempotencyKey` returns the first result and never charges twice.',
    args: { input: t.arg({ type: PayOrderInput, required: true, description: 'The payment.' }) },
    errors: {
      types: [PaymentDeclinedError, NotFoundError, InvalidInputError],
      directResult: true,
      union: { name: 'PayOrderResult', description: 'The paid order, or why it was not paid.' },
    },
    // The order, the token and methods, the charge, and the order again.
    complexity: 5 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const orderId = input.orderEntityId;
      try {
        const result = await ctx.idempotency.run(
          {
            operation: 'payOrder',
            owner: idempotencyOwner(ctx.viewer),
            key: input.idempotencyKey,
            fingerprint: fingerprintInput(input),
          },
          async () => {
            const order = await payableOrderFor(ctx, orderId);
            await payWithStoredCard(ctx, order, input.storedInstrumentToken);
            return { orderId: order.id };
          },
        );
        ctx.orderLoaders.orderById.clear(result.orderId);
        grantPlacedOrder(ctx, result.orderId);
        const order = await loadOrderForViewer(ctx, result.orderId);
        if (!order) throw notFound();
        auditOutcome(ctx, 'payOrder', orderId);
        return { order };
      } catch (error) {
        auditOutcome(ctx, 'payOrder', orderId, error);
        throw error;
      }
    },
  }),
);
