/**
 * A cart and its checkout as the sandbox stores them: one record, since BigCommerce's checkout id
 * is its cart's id. Money is integer cents; prices are taken from the catalog when a line is added
 * or its quantity changes, as BigCommerce re-prices a line on every change.
 */

/** A chosen option of a line (`line_items.physical_items[].options`). */
export interface LineOption {
  name: string;
  nameId: number;
  value: string;
  valueId: number;
}

export interface CartLine {
  /** A UUID, as BigCommerce's line item ids are. */
  id: string;
  productId: number;
  variantId: number;
  quantity: number;
  sku: string;
  name: string;
  url: string;
  imageUrl: string;
  isDigital: boolean;
  /** The product's (or variant's) price before its sale price. */
  originalPriceCents: number;
  /** What one unit costs before coupons: the sale price when there is one. */
  listPriceCents: number;
  options: LineOption[];
}

/** `AddressProperties` of checkouts.v3.yml, stored as sent (with its id). */
export interface CheckoutAddress {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state_or_province: string;
  state_or_province_code: string;
  country_code: string;
  postal_code: string;
  phone: string;
  custom_fields: { field_id: string; field_value: string }[];
}

export interface ConsignmentRecord {
  id: string;
  address: CheckoutAddress;
  lineItemIds: string[];
  /** The chosen `available_shipping_options[].id`, once selected. */
  shippingOptionId: string | null;
}

export interface CartRecord {
  id: string;
  /** 0 for a guest cart. */
  customerId: number;
  channelId: number;
  email: string;
  currencyCode: string;
  locale: string;
  lines: CartLine[];
  createdMs: number;
  updatedMs: number;
  /** Incremented by every successful change of the cart or its checkout. */
  version: number;
  billingAddress: CheckoutAddress | null;
  consignments: ConsignmentRecord[];
  /** Applied coupon codes, in the order applied (canonical spelling). */
  coupons: string[];
  customerMessage: string;
}
