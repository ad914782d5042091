import type { PlacedAddress } from './placed-checkout.js';

/**
 * An order as the sandbox keeps it: amounts in integer cents, times in epoch ms. `view.ts`
 * writes v2's shapes from it (decimal strings, RFC 2822 dates).
 */
export interface OrderLine {
  id: number;
  productId: number;
  variantId: number;
  orderAddressId: number;
  name: string;
  sku: string;
  quantity: number;
  quantityShipped: number;
  unitPriceExTaxCents: number;
  totalExTaxCents: number;
  totalIncTaxCents: number;
  options: { name: string; value: string }[];
}

export interface OrderShippingAddress {
  id: number;
  address: PlacedAddress;
  shippingMethod: string;
  costExTaxCents: number;
  costIncTaxCents: number;
}

export interface OrderShipment {
  id: number;
  orderAddressId: number;
  createdMs: number;
  trackingNumber: string;
  shippingProvider: string;
  trackingCarrier: string;
  trackingLink: string;
  shippingMethod: string;
  comments: string;
  items: { orderProductId: number; productId: number; quantity: number }[];
}

export interface OrderPayment {
  transactionId: string;
  paymentMethodId: string;
  /** What paid: `stored_card` or `card`; never a card number or token. */
  instrumentType: string;
}

export interface SandboxOrder {
  id: number;
  customerId: number;
  channelId: number;
  cartId: string;
  statusId: number;
  currencyCode: string;
  createdMs: number;
  modifiedMs: number;
  shippedMs: number | null;
  billingAddress: PlacedAddress;
  lines: OrderLine[];
  shippingAddresses: OrderShippingAddress[];
  shipments: OrderShipment[];
  couponCodes: string[];
  subtotalExTaxCents: number;
  discountCents: number;
  shippingCostExTaxCents: number;
  shippingCostIncTaxCents: number;
  taxCents: number;
  grandTotalCents: number;
  payment: OrderPayment | null;
}

/** BigCommerce's order statuses (`GET /v2/order_statuses`), by id. */
export const ORDER_STATUSES: Readonly<Record<number, string>> = {
  0: 'Incomplete',
  1: 'Pending',
  2: 'Shipped',
  3: 'Partially Shipped',
  4: 'Refunded',
  5: 'Cancelled',
  6: 'Declined',
  7: 'Awaiting Payment',
  8: 'Awaiting Pickup',
  9: 'Awaiting Shipment',
  10: 'Completed',
  11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required',
  13: 'Disputed',
  14: 'Partially Refunded',
};

export const STATUS = {
  PENDING: 1,
  SHIPPED: 2,
  PARTIALLY_SHIPPED: 3,
  DECLINED: 6,
  COMPLETED: 10,
  AWAITING_FULFILLMENT: 11,
} as const;

/** `361.95` in cents → `"361.9500"`, v2's four-digit decimal text. */
export function v2Amount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}00`;
}

/** v2's RFC 2822 date: `Tue, 05 Mar 2019 21:40:43 +0000`. */
export function v2Date(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}
