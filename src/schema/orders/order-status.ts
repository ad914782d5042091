import { builder } from '../builder.js';

/** BigCommerce's order status ids (`GET /v2/order_statuses`), by the graph's enum names. */
export const ORDER_STATUS_IDS = {
  INCOMPLETE: 0,
  PENDING: 1,
  SHIPPED: 2,
  PARTIALLY_SHIPPED: 3,
  REFUNDED: 4,
  CANCELLED: 5,
  DECLINED: 6,
  AWAITING_PAYMENT: 7,
  AWAITING_PICKUP: 8,
  AWAITING_SHIPMENT: 9,
  COMPLETED: 10,
  AWAITING_FULFILLMENT: 11,
  MANUAL_VERIFICATION_REQUIRED: 12,
  DISPUTED: 13,
  PARTIALLY_REFUNDED: 14,
} as const;

export type OrderStatusName = keyof typeof ORDER_STATUS_IDS;

const DESCRIPTIONS: Record<OrderStatusName, string> = {
  INCOMPLETE: 'Started but not completed by the shopper (status 0).',
  PENDING: 'Placed; payment not yet taken (status 1).',
  SHIPPED: 'Every item has shipped (status 2).',
  PARTIALLY_SHIPPED: 'Some items have shipped (status 3).',
  REFUNDED: 'Refunded in full (status 4).',
  CANCELLED: 'Cancelled (status 5).',
  DECLINED: 'Payment was declined (status 6).',
  AWAITING_PAYMENT: 'Waiting for an offline payment (status 7).',
  AWAITING_PICKUP: 'Ready for the shopper to collect (status 8).',
  AWAITING_SHIPMENT: 'Packed, waiting for the carrier (status 9).',
  COMPLETED: 'Fulfilled and closed (status 10).',
  AWAITING_FULFILLMENT: 'Paid, waiting to be packed (status 11).',
  MANUAL_VERIFICATION_REQUIRED: 'Held for a manual payment review (status 12).',
  DISPUTED: 'The shopper disputed the payment (status 13).',
  PARTIALLY_REFUNDED: 'Refunded in part (status 14).',
};

export const OrderStatus = builder.enumType('OrderStatus', {
  description: 'Where an order stands, from BigCommerce’s numeric `status_id`.',
  values: Object.fromEntries(
    Object.entries(ORDER_STATUS_IDS).map(([name, id]) => [
      name,
      { value: id, description: DESCRIPTIONS[name as OrderStatusName] },
    ]),
  ) as { [K in OrderStatusName]: { value: (typeof ORDER_STATUS_IDS)[K]; description: string } },
});

export type OrderStatusId = (typeof ORDER_STATUS_IDS)[OrderStatusName];

const KNOWN_IDS: ReadonlySet<number> = new Set(Object.values(ORDER_STATUS_IDS));

/** An upstream `status_id` as the enum's value; an id the enum does not name is an upstream fault. */
export function toOrderStatusId(id: number): OrderStatusId {
  if (!KNOWN_IDS.has(id)) throw new Error(`Order status id ${id} is not one the graph names`);
  return id as OrderStatusId;
}
