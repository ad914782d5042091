import type { BcOrder, BcOrderProduct } from '../../datasources/schemas/orders.js';
import { builder } from '../builder.js';
import { Money, moneyFromText } from '../catalog/money.js';
import { ProductRef } from '../catalog/refs.js';
import { visibleProduct } from '../catalog/visibility.js';
import { parsePositiveInt } from '../ids.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';
import { assertMayReadOrders, loadOrderForViewer } from './order-access.js';
import { OrderAddressRef } from './order-address.js';
import { OrderStatus, toOrderStatusId } from './order-status.js';
import { isoFromRfc2822, sumDecimalTexts } from './order-values.js';
import { ShipmentRef } from './shipment.js';

/** The order record every order field resolves from: `GET /v2/orders/{id}` as parsed. */
export type OrderRecord = BcOrder;

export const OrderRef = builder.objectRef<OrderRecord>('Order');
const OrderLineItemRef = builder.objectRef<BcOrderProduct & { currency_code: string }>(
  'OrderLineItem',
);

/** Lines of an order in a realistic store: what a line list multiplies its selection by. */
const LINES_PER_ORDER = 5;

OrderLineItemRef.implement({
  description: 'One line of an order: a product (or variant) and how many were bought.',
  fields: (t) => ({
    entityId: t.exposeInt('id', { description: 'BigCommerce id of the order line.' }),
    productEntityId: t.exposeInt('product_id', { description: 'BigCommerce product id.' }),
    variantEntityId: t.int({
      nullable: true,
      description: 'BigCommerce variant id, when the line is a variant.',
      resolve: (l) => l.variant_id ?? null,
    }),
    product: t.field({
      type: ProductRef,
      nullable: true,
      description: 'The catalog product, if it still exists and is visible.',
      complexity: LOOKUP,
      resolve: async (l, _args, ctx, info) =>
        visibleProduct(
          ctx,
          await ctx.loaders.productById(ctx.productShape(info)).load(l.product_id),
        ),
    }),
    name: t.exposeString('name', { description: 'The product name at the time of purchase.' }),
    sku: t.exposeString('sku', { description: 'SKU at the time of purchase.' }),
    quantity: t.exposeInt('quantity', { description: 'How many were bought.' }),
    unitPrice: t.field({
      type: Money,
      description: 'Price of one, tax excluded.',
      resolve: (l) => moneyFromText(l.price_ex_tax, l.currency_code),
    }),
    total: t.field({
      type: Money,
      description: 'Price of the line (after its discounts), tax excluded.',
      resolve: (l) => moneyFromText(l.total_ex_tax, l.currency_code),
    }),
  }),
});

builder.node(OrderRef, {
  description: 'An order placed in the store, with its lines, totals, addresses and shipments.',
  id: { resolve: (o) => o.id, parse: parsePositiveInt },
  loadWithoutCache: (id, ctx) => {
    assertMayReadOrders(ctx);
    return loadOrderForViewer(ctx, id);
  },
  fields: (t) => ({
    entityId: t.exposeInt('id', { description: 'BigCommerce order id.' }),
    status: t.field({
      type: OrderStatus,
      description: 'Where the order stands.',
      resolve: (o) => toOrderStatusId(o.status_id),
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the order was placed.',
      resolve: (o) => isoFromRfc2822(o.date_created),
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'When the order last changed.',
      resolve: (o) => isoFromRfc2822(o.date_modified),
    }),
    customerEntityId: t.int({
      nullable: true,
      description: 'BigCommerce id of the customer; null for a guest order.',
      resolve: (o) => (o.customer_id > 0 ? o.customer_id : null),
    }),
    currencyCode: t.exposeString('currency_code', { description: 'ISO-4217 currency code.' }),
    checkoutId: t.string({
      nullable: true,
      description: 'The checkout (cart) the order was placed from, when there was one.',
      resolve: (o) => o.cart_id || null,
    }),
    lineItems: t.field({
      type: [OrderLineItemRef],
      description: 'The lines of the order.',
      complexity: { field: UPSTREAM_CALL, multiplier: LINES_PER_ORDER },
      resolve: async (o, _args, ctx) =>
        (await ctx.orderLoaders.productsByOrderId.load(o.id)).map((line) => ({
          ...line,
          currency_code: o.currency_code,
        })),
    }),
    subtotal: t.field({
      type: Money,
      description: 'The lines before discounts, tax excluded.',
      resolve: (o) => moneyFromText(o.subtotal_ex_tax, o.currency_code),
    }),
    shippingCost: t.field({
      type: Money,
      description: 'Shipping, tax excluded.',
      resolve: (o) => moneyFromText(o.shipping_cost_ex_tax, o.currency_code),
    }),
    taxTotal: t.field({
      type: Money,
      description: 'All tax of the order.',
      resolve: (o) => moneyFromText(o.total_tax, o.currency_code),
    }),
    discountTotal: t.field({
      type: Money,
      description: 'Coupon and manual discounts together.',
      resolve: (o) => ({
        amount: sumDecimalTexts([o.discount_amount, o.coupon_discount ?? '0'], o.currency_code),
        currencyCode: o.currency_code,
      }),
    }),
    grandTotal: t.field({
      type: Money,
      description: 'What the shopper pays: subtotal − discounts + shipping + tax.',
      resolve: (o) => moneyFromText(o.total_inc_tax, o.currency_code),
    }),
    billingAddress: t.field({
      type: OrderAddressRef,
      description: 'Where the order is billed to.',
      resolve: (o) => o.billing_address,
    }),
    shippingAddresses: t.field({
      type: [OrderAddressRef],
      description: 'Where the order ships to (one per consignment).',
      complexity: { field: UPSTREAM_CALL, multiplier: 1 },
      resolve: (o, _args, ctx) => ctx.orderLoaders.shippingAddressesByOrderId.load(o.id),
    }),
    shipments: t.field({
      type: [ShipmentRef],
      description: 'Parcels sent so far, oldest first.',
      complexity: { field: UPSTREAM_CALL, multiplier: 1 },
      resolve: (o, _args, ctx) => ctx.orderLoaders.shipmentsByOrderId.load(o.id),
    }),
  }),
});

builder.queryField('order', (t) =>
  t.field({
    type: OrderRef,
    nullable: true,
    description:
      'An order by its BigCommerce id: a customer’s own, or any for keys with `orders:read`; null when missing or not yours.',
    complexity: UPSTREAM_CALL,
    args: { entityId: t.arg.int({ required: true, description: 'BigCommerce order id.' }) },
    resolve: (_root, { entityId }, ctx) => {
      assertMayReadOrders(ctx);
      return entityId > 0 ? loadOrderForViewer(ctx, entityId) : null;
    },
  }),
);
