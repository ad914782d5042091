import { createHash } from 'node:crypto';
import { allocate, percentOf } from './cents.js';
import { findCoupon, type SandboxCoupon } from './coupons.js';
import type { CartLine, CartRecord, ConsignmentRecord } from './model.js';

/**
 * Totals of a cart and its checkout, in cents, computed afresh from the record each time so the
 * cart, the checkout and the placed order can never disagree.
 *
 * Rules (deterministic, documented for tests and the demo):
 * - a line's price is its list price × quantity; coupons apply in the order applied, each to what
 *   the items still cost (a percentage rounded half up; a fixed amount capped at that), and each
 *   coupon's amount is split over the lines in proportion to their price (`allocate`);
 * - shipping per consignment: "Flat Rate" $10.00 and "Express" $25.00, plus "Free Shipping" when
 *   the consignment's items cost at least $100.00 before coupons;
 * - tax: `TAX_RATE_PERCENT` of each line after coupons and of each selected shipping cost, each
 *   rounded half up to the cent; prices exclude tax (`tax_included: false`).
 */
export const TAX_RATE_PERCENT = 10;
export const TAX_NAME = 'Sales Tax';
const FREE_SHIPPING_FROM_CENTS = 10_000;

export interface ShippingOption {
  id: string;
  type: string;
  description: string;
  costCents: number;
  transitTime: string;
}

export interface PricedLine {
  line: CartLine;
  extendedListCents: number;
  couponCents: number;
  /** After coupons, tax excluded. */
  netCents: number;
  taxCents: number;
}

export interface PricedConsignment {
  consignment: ConsignmentRecord;
  options: ShippingOption[];
  selected: ShippingOption | null;
  shippingCents: number;
  shippingTaxCents: number;
}

export interface CartTotals {
  lines: PricedLine[];
  baseCents: number;
  coupons: { coupon: SandboxCoupon; cents: number }[];
  couponCents: number;
  /** Items after coupons, tax excluded (`cart_amount`). */
  cartAmountCents: number;
  consignments: PricedConsignment[];
  shippingCents: number;
  taxCents: number;
  grandTotalCents: number;
}

export function priceCart(cart: CartRecord): CartTotals {
  const extended = cart.lines.map((line) => line.listPriceCents * line.quantity);
  const baseCents = extended.reduce((a, b) => a + b, 0);
  const lineCoupon = cart.lines.map(() => 0);
  const coupons: CartTotals['coupons'] = [];
  let remaining = baseCents;
  for (const code of cart.coupons) {
    const coupon = findCoupon(code, cart);
    if (!coupon) continue;
    const cents =
      coupon.type === 'percentage_discount'
        ? percentOf(remaining, coupon.amount)
        : Math.min(coupon.amount, remaining);
    allocate(cents, extended).forEach((share, i) => {
      lineCoupon[i] = (lineCoupon[i] ?? 0) + share;
    });
    coupons.push({ coupon, cents });
    remaining -= cents;
  }
  const lines = cart.lines.map((line, i) => {
    const extendedListCents = extended[i] ?? 0;
    const couponCents = lineCoupon[i] ?? 0;
    const netCents = extendedListCents - couponCents;
    return { line, extendedListCents, couponCents, netCents, taxCents: tax(netCents) };
  });
  const consignments = cart.consignments.map((c) => priceConsignment(c, lines));
  const shippingCents = sum(consignments.map((c) => c.shippingCents));
  const taxCents =
    sum(lines.map((l) => l.taxCents)) + sum(consignments.map((c) => c.shippingTaxCents));
  const couponCents = baseCents - remaining;
  return {
    lines,
    baseCents,
    coupons,
    couponCents,
    cartAmountCents: remaining,
    consignments,
    shippingCents,
    taxCents,
    grandTotalCents: remaining + shippingCents + taxCents,
  };
}

/** The options a consignment's items can ship by (its id is stable for the same consignment). */
export function shippingOptionsFor(consignmentId: string, itemsCents: number): ShippingOption[] {
  const option = (key: string, rest: Omit<ShippingOption, 'id'>): ShippingOption => ({
    id: createHash('md5').update(`${consignmentId}:${key}`).digest('hex'),
    ...rest,
  });
  const options = [
    option('flat', {
      type: 'shipping_flatrate',
      description: 'Flat Rate',
      costCents: 1000,
      transitTime: '3-5 business days',
    }),
    option('express', {
      type: 'shipping_flatrate',
      description: 'Express',
      costCents: 2500,
      transitTime: '1 business day',
    }),
  ];
  if (itemsCents >= FREE_SHIPPING_FROM_CENTS) {
    options.push(
      option('free', {
        type: 'freeshipping',
        description: 'Free Shipping',
        costCents: 0,
        transitTime: '5-7 business days',
      }),
    );
  }
  return options;
}

function priceConsignment(c: ConsignmentRecord, lines: PricedLine[]): PricedConsignment {
  const ids = new Set(c.lineItemIds);
  const itemsCents = sum(lines.filter((l) => ids.has(l.line.id)).map((l) => l.extendedListCents));
  const options = shippingOptionsFor(c.id, itemsCents);
  const selected = options.find((o) => o.id === c.shippingOptionId) ?? null;
  const shippingCents = selected?.costCents ?? 0;
  return { consignment: c, options, selected, shippingCents, shippingTaxCents: tax(shippingCents) };
}

const tax = (cents: number): number => percentOf(cents, TAX_RATE_PERCENT);
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
