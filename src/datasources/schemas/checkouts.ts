import { z } from 'zod';
import { bcAppliedCouponSchema, bcCartLineItemsSchema } from './carts.js';
import { lenientArray } from './lenient.js';

/**
 * Checkout shapes from `checkouts.v3.yml` (`Checkout`). The checkout's id is its cart's. Loose
 * objects; amounts are JSON numbers until `money()`.
 */

type Fields<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/** `AddressProperties` with its id, as the checkout answers it. */
const bcCheckoutAddressShape = {
  id: z.union([z.string(), z.number()]).optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  email: z.string().optional(),
  company: z.string().optional(),
  address1: z.string().optional(),
  address2: z.string().optional(),
  city: z.string().optional(),
  state_or_province: z.string().optional(),
  state_or_province_code: z.string().optional(),
  country_code: z.string().optional(),
  postal_code: z.string().optional(),
  phone: z.string().optional(),
};
export const bcCheckoutAddressSchema = z.looseObject(bcCheckoutAddressShape);
export type BcCheckoutAddress = Fields<typeof bcCheckoutAddressShape>;

const bcShippingOptionShape = {
  id: z.string(),
  description: z.string().optional(),
  type: z.string().optional(),
  cost: z.number().default(0),
  transit_time: z.string().optional(),
};
export const bcShippingOptionSchema = z.looseObject(bcShippingOptionShape);
export type BcShippingOption = Fields<typeof bcShippingOptionShape>;

const bcConsignmentShape = {
  id: z.string(),
  address: bcCheckoutAddressSchema.optional(),
  line_item_ids: z.array(z.string()).default([]),
  available_shipping_options: lenientArray(
    bcShippingOptionSchema,
    'available_shipping_options',
  ).optional(),
  selected_shipping_option: bcShippingOptionSchema.nullish(),
  shipping_cost_ex_tax: z.number().optional(),
  shipping_cost_inc_tax: z.number().optional(),
};
export const bcConsignmentSchema = z.looseObject(bcConsignmentShape);
export type BcConsignment = Fields<typeof bcConsignmentShape>;

const bcCheckoutShape = {
  id: z.string(),
  cart: z.looseObject({
    id: z.string(),
    customer_id: z.number().default(0),
    currency: z.looseObject({ code: z.string() }),
    discount_amount: z.number().default(0),
    line_items: bcCartLineItemsSchema.optional(),
  }),
  // BigCommerce answers `{}`-like addresses on fresh checkouts: an address without email is none.
  billing_address: bcCheckoutAddressSchema.nullish(),
  consignments: lenientArray(bcConsignmentSchema, 'consignments').default([]),
  coupons: lenientArray(bcAppliedCouponSchema, 'coupons').default([]),
  taxes: lenientArray(
    z.looseObject({ name: z.string().optional(), amount: z.number() }),
    'taxes',
  ).default([]),
  subtotal_ex_tax: z.number(),
  subtotal_inc_tax: z.number().optional(),
  shipping_cost_total_ex_tax: z.number().default(0),
  shipping_cost_total_inc_tax: z.number().optional(),
  tax_total: z.number().default(0),
  grand_total: z.number(),
  order_id: z.string().nullish(),
  version: z.number().optional(),
};
export const bcCheckoutSchema = z.looseObject(bcCheckoutShape);
export type BcCheckout = Fields<typeof bcCheckoutShape>;

/** `Order` of `POST /checkouts/{checkoutId}/orders`: just the new order's id. */
export const bcCheckoutOrderSchema = z.looseObject({ id: z.number() });
