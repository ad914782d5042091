/**
 * What the checkout hands the order store when `POST /v3/checkouts/{id}/orders` places an order:
 * the whole purchase, priced. Money is in integer minor units (cents), so totals add up exactly
 * across cart, checkout and order; the order store writes them as v2's decimal strings.
 */

/** A v2-style address (`billing_address` / `shipping_addresses[]`). */
export interface PlacedAddress {
  first_name: string;
  last_name: string;
  company: string;
  street_1: string;
  street_2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  country_iso2: string;
  phone: string;
  email: string;
}

export interface PlacedLineItem {
  /** The cart line item's id (a UUID). */
  lineItemId: string;
  productId: number;
  variantId: number;
  sku: string;
  name: string;
  quantity: number;
  /** Unit price before discounts, tax excluded. */
  unitPriceExTaxCents: number;
  /** Line total after the coupon's share, tax excluded. */
  totalExTaxCents: number;
  /** Line total after the coupon's share, tax included. */
  totalIncTaxCents: number;
  /** Chosen option values (`Size: M`). */
  options: { name: string; value: string }[];
}

export interface PlacedConsignment {
  address: PlacedAddress;
  lineItemIds: string[];
  /** The selected shipping option's description (`Flat Rate`). */
  shippingMethod: string;
  shippingCostExTaxCents: number;
  shippingCostIncTaxCents: number;
}

export interface PlacedCheckout {
  cartId: string;
  /** 0 for a guest. */
  customerId: number;
  channelId: number;
  currencyCode: string;
  billingAddress: PlacedAddress;
  lineItems: PlacedLineItem[];
  consignments: PlacedConsignment[];
  coupons: { code: string; discountCents: number }[];
  /** Sum of line items before discounts, tax excluded. */
  subtotalExTaxCents: number;
  discountCents: number;
  shippingCostExTaxCents: number;
  taxCents: number;
  /** What the shopper pays: subtotal − discount + shipping + tax. */
  grandTotalCents: number;
}
