import { z } from 'zod';
import { HttpError, notFound, readJsonBody } from '../http.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { acceptedMethods, isPayable } from './methods.js';

/** `Payment Access Token Request`: `order.id` required. */
const accessTokenRequest = z.object({
  order: z.looseObject({ id: z.number().int().positive(), is_recurring: z.boolean().optional() }),
});

/** `payments/*.yml` on the API origin: access tokens and accepted methods. */
export function registerPaymentRoutes(router: Router, store: SandboxStore): void {
  router.add('POST', '/v3/payments/access_tokens', async ({ req }) => {
    const parsed = accessTokenRequest.safeParse(await readJsonBody(req));
    if (!parsed.success) {
      throw new HttpError(422, 'JSON data is missing or invalid', {
        order: 'order.id is required and must be a positive integer',
      });
    }
    const order = store.orders.get(parsed.data.order.id);
    if (!order) throw notFound('order');
    if (!isPayable(order)) {
      throw new HttpError(422, 'The order is not awaiting payment.', {
        order: 'the order has been paid or is no longer payable',
      });
    }
    return {
      status: 201,
      body: { data: { id: store.orders.issuePaymentToken(order.id) }, meta: {} },
    };
  });

  router.get('/v3/payments/methods', ({ query }) => {
    const orderId = query.get('order_id');
    const checkoutId = query.get('checkout_id');
    if (orderId !== null && !/^\d+$/.test(orderId)) {
      throw new HttpError(422, 'The filter(s) or parameter(s) supplied are invalid.', {
        order_id: 'order_id must be an integer',
      });
    }
    const order =
      orderId !== null
        ? store.orders.get(Number(orderId))
        : checkoutId
          ? store.orders.all().find((o) => o.cartId === checkoutId)
          : undefined;
    if (orderId === null && !checkoutId) {
      throw new HttpError(422, 'order_id or checkout_id is required.', {
        order_id: 'order_id or checkout_id is required',
      });
    }
    if (!order) throw notFound('order');
    return { body: { data: acceptedMethods(store, order.customerId), meta: {} } };
  });
}
