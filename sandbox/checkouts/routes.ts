import { z } from 'zod';
import { parseBody } from '../carts/body.js';
import { checkQuantities } from '../carts/line-items.js';
import type { CartRecord } from '../carts/model.js';
import { parseCartIncludes } from '../carts/view.js';
import type { Reply } from '../http.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import {
  addressSchema,
  CheckoutOperations,
  consignmentAddressSchema,
  consignmentItemsSchema,
} from './operations.js';
import { toPlacedCheckout } from './place.js';
import { toCheckoutView } from './view.js';

const version = z.number().int().nonnegative().optional();
const billingSchema = addressSchema.extend({ version });
/** `CreateConsignmentRequest`: an array; each element may carry the expected `version`. */
const createConsignmentsSchema = z
  .array(
    z.looseObject({
      address: consignmentAddressSchema,
      line_items: consignmentItemsSchema,
      version,
    }),
  )
  .min(1);
const updateConsignmentSchema = z.looseObject({
  address: addressSchema.optional(),
  line_items: consignmentItemsSchema.optional(),
  shipping_option_id: z.string().min(1).optional(),
  version,
});
const couponSchema = z.looseObject({ coupon_code: z.string().min(1).max(50), version });
const versionOnlySchema = z.looseObject({ version });
const messageSchema = z.looseObject({ customer_message: z.string().max(2000), version });

/** `checkouts.v3.yml`: the checkout of a cart (same id), its addresses, shipping, coupons, order. */
export function registerCheckoutRoutes(router: Router, store: SandboxStore): void {
  const { carts } = store;
  const ops = new CheckoutOperations(carts);
  const answer = (cart: CartRecord, query: URLSearchParams): Reply => ({
    body: { data: toCheckoutView(cart, parseCartIncludes(query)), meta: {} },
  });
  const id = (params: Record<string, string>) => params.checkoutId ?? '';
  const base = '/v3/checkouts/{checkoutId}';

  router.get(base, ({ query, params }) => answer(carts.get(id(params)), query));

  router.add('PUT', base, async ({ req, query, params }) => {
    carts.get(id(params));
    const body = await parseBody(req, messageSchema);
    const cart = carts.writable(id(params), body.version);
    return answer(
      carts.touch(cart, () => {
        cart.customerMessage = body.customer_message;
      }),
      query,
    );
  });

  router.add('POST', `${base}/billing-address`, async ({ req, query, params }) => {
    carts.get(id(params));
    const { version: v, ...address } = await parseBody(req, billingSchema);
    return answer(ops.setBillingAddress(id(params), address, v), query);
  });

  router.add('PUT', `${base}/billing-address/{addressId}`, async ({ req, query, params }) => {
    carts.get(id(params));
    const { version: v, ...address } = await parseBody(req, billingSchema);
    return answer(ops.setBillingAddress(id(params), address, v, params.addressId), query);
  });

  router.add('POST', `${base}/consignments`, async ({ req, query, params }) => {
    carts.get(id(params));
    const body = await parseBody(req, createConsignmentsSchema);
    return answer(ops.addConsignments(id(params), body, body[0]?.version), query);
  });

  router.add('PUT', `${base}/consignments/{consignmentId}`, async ({ req, query, params }) => {
    carts.get(id(params));
    const { version: v, ...change } = await parseBody(req, updateConsignmentSchema);
    return answer(ops.updateConsignment(id(params), params.consignmentId ?? '', change, v), query);
  });

  router.add('DELETE', `${base}/consignments/{consignmentId}`, async ({ req, query, params }) => {
    carts.get(id(params));
    const body = await parseBody(req, versionOnlySchema);
    return answer(
      ops.deleteConsignment(id(params), params.consignmentId ?? '', body.version),
      query,
    );
  });

  router.add('POST', `${base}/coupons`, async ({ req, query, params }) => {
    carts.get(id(params));
    const body = await parseBody(req, couponSchema);
    return answer(ops.addCoupon(id(params), body.coupon_code, body.version), query);
  });

  router.add('DELETE', `${base}/coupons/{couponCode}`, async ({ req, query, params }) => {
    carts.get(id(params));
    const body = await parseBody(req, versionOnlySchema);
    return answer(ops.deleteCoupon(id(params), params.couponCode ?? '', body.version), query);
  });

  // The order store takes the priced checkout; the cart is then converted (gone), as on BigCommerce.
  router.add('POST', `${base}/orders`, ({ params }) => {
    const cart = carts.get(id(params));
    // Stock may have gone since the items were added: the platform checks again.
    checkQuantities(
      store,
      cart.lines.map((l, i) => ({ ...l, field: `line_items.${i}.quantity` })),
    );
    const orderId = store.orders.createFromCheckout(toPlacedCheckout(cart));
    carts.convert(cart.id, orderId);
    return { body: { data: { id: orderId }, meta: {} } };
  });
}
