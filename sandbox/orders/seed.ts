import { toCents } from '../carts/cents.js';
import type { CustomerStore } from '../customers/store.js';
import type { SandboxStore } from '../store.js';
import { STATUS } from './model.js';
import type { PlacedAddress, PlacedCheckout } from './placed-checkout.js';

/** A seeded order: what a checkout would have placed, then how far it went. */
export interface HistoricalOrder {
  placed: PlacedCheckout;
  createdMs: number;
  statusId: number;
  /** Shipped in full with this tracking number (UPS), when set. */
  shippedWith?: string;
}

const DAY = 86_400_000;
const EPOCH = Date.UTC(2025, 0, 6, 15, 30, 0);

/** The customer's first saved address as a v2 order address (a guest's is made up). */
export function orderAddressOf(customers: CustomerStore, customerId: number): PlacedAddress {
  const customer = customers.getCustomer(customerId);
  const address = customers.addressesOf(customerId)[0];
  return {
    first_name: address?.first_name ?? customer?.first_name ?? 'Guest',
    last_name: address?.last_name ?? customer?.last_name ?? 'Shopper',
    company: address?.company ?? '',
    street_1: address?.address1 ?? '1 Main Street',
    street_2: address?.address2 ?? '',
    city: address?.city ?? 'Austin',
    state: address?.state_or_province ?? 'Texas',
    zip: address?.postal_code ?? '78701',
    country: address?.country ?? 'United States',
    country_iso2: address?.country_code ?? 'US',
    phone: address?.phone ?? '',
    email: customer?.email ?? 'guest@example.com',
  };
}

/**
 * A priced checkout of `quantity` of each product (its catalog price, in cents), flat-rate
 * shipping of $10 and 8% tax on the goods: the same arithmetic a checkout does, in integers.
 */
export function historicalCheckout(
  store: SandboxStore,
  customerId: number,
  lines: { productId: number; quantity: number; priceCents: number }[],
  cartId: string,
): PlacedCheckout {
  const address = orderAddressOf(store.customers, customerId);
  const lineItems = lines.map((line, i) => {
    const product = store.getProduct(line.productId);
    const total = line.priceCents * line.quantity;
    return {
      lineItemId: `${cartId}-line-${i + 1}`,
      productId: line.productId,
      variantId: store.variants.get(line.productId)?.[0]?.id ?? 0,
      sku: product?.sku ?? `SKU-${line.productId}`,
      name: product?.name ?? `Product ${line.productId}`,
      quantity: line.quantity,
      unitPriceExTaxCents: line.priceCents,
      totalExTaxCents: total,
      totalIncTaxCents: total + Math.floor((total * 8 + 50) / 100),
      options: [],
    };
  });
  const subtotal = lineItems.reduce((sum, line) => sum + line.totalExTaxCents, 0);
  const tax = lineItems.reduce((sum, l) => sum + l.totalIncTaxCents - l.totalExTaxCents, 0);
  return {
    cartId,
    customerId,
    channelId: 1,
    currencyCode: 'USD',
    billingAddress: address,
    lineItems,
    consignments: [
      {
        address,
        lineItemIds: lineItems.map((line) => line.lineItemId),
        shippingMethod: 'Flat Rate',
        shippingCostExTaxCents: 1000,
        shippingCostIncTaxCents: 1000,
      },
    ],
    coupons: [],
    subtotalExTaxCents: subtotal,
    discountCents: 0,
    shippingCostExTaxCents: 1000,
    taxCents: tax,
    grandTotalCents: subtotal + 1000 + tax,
  };
}

/** The demo customer (1) has a delivered, a shipped and a paid order; customer 2 one; a guest one. */
export function historicalOrders(store: SandboxStore): HistoricalOrder[] {
  const price = (productId: number) => toCents(store.getProduct(productId)?.price ?? 10);
  const order = (
    customerId: number,
    productIds: number[],
    day: number,
    statusId: number,
    shippedWith?: string,
  ): HistoricalOrder => ({
    placed: historicalCheckout(
      store,
      customerId,
      productIds.map((productId, i) => ({
        productId,
        quantity: i + 1,
        priceCents: price(productId),
      })),
      `00000000-0000-4000-8000-${String(day).padStart(12, '0')}`,
    ),
    createdMs: EPOCH + day * DAY,
    statusId,
    shippedWith,
  });
  return [
    order(1, [1, 2], 0, STATUS.COMPLETED, '1Z999AA10123456784'),
    order(2, [3], 3, STATUS.AWAITING_FULFILLMENT),
    order(1, [4, 5, 6], 10, STATUS.SHIPPED, '1Z999AA10123456785'),
    order(0, [2], 12, STATUS.AWAITING_FULFILLMENT),
    order(1, [3], 20, STATUS.AWAITING_FULFILLMENT),
  ];
}
