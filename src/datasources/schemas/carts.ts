import { z } from 'zod';
import { lenientArray } from './lenient.js';

/**
 * Cart shapes from `carts.v3.yml` (`Cart_Full`). Objects are loose (BigCommerce adds fields);
 * amounts are JSON numbers, turned into decimal text only by `money()`. Line items need `id`,
 * `product_id` and `quantity` to be shown or changed; one without them is dropped and logged.
 */

type Fields<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/** `line_items.physical_items[].options[]` (with `include=line_items.physical_items.options`). */
const bcCartItemOptionShape = {
  name: z.string().optional(),
  nameId: z.number().optional(),
  value: z.string().optional(),
  valueId: z.number().optional(),
};

/** `Base Item`: the fields physical and digital items share. */
const bcCartLineItemShape = {
  id: z.string(),
  product_id: z.number(),
  variant_id: z.number().optional(),
  quantity: z.number(),
  sku: z.string().optional(),
  name: z.string().optional(),
  url: z.string().optional(),
  image_url: z.string().optional(),
  original_price: z.number().optional(),
  list_price: z.number().optional(),
  sale_price: z.number().optional(),
  extended_list_price: z.number().optional(),
  extended_sale_price: z.number().optional(),
  discount_amount: z.number().optional(),
  coupon_amount: z.number().optional(),
  is_require_shipping: z.boolean().optional(),
  options: lenientArray(z.looseObject(bcCartItemOptionShape), 'options').optional(),
};
export const bcCartLineItemSchema = z.looseObject(bcCartLineItemShape);
export type BcCartLineItem = Fields<typeof bcCartLineItemShape>;

export const bcCartLineItemsSchema = z.looseObject({
  physical_items: lenientArray(bcCartLineItemSchema, 'physical_items').default([]),
  digital_items: lenientArray(bcCartLineItemSchema, 'digital_items').default([]),
});

/** `Applied Coupon` of a cart (`coupon_type` is a numbered string there). */
export const bcAppliedCouponSchema = z.looseObject({
  code: z.string(),
  id: z.union([z.string(), z.number()]).optional(),
  coupon_type: z.string().optional(),
  discounted_amount: z.number().optional(),
  display_name: z.string().optional(),
});

/** `redirect_urls` (with `include=redirect_urls`, or from `POST /carts/{cartId}/redirect_urls`). */
const bcRedirectUrlsShape = {
  cart_url: z.string().optional(),
  checkout_url: z.string().optional(),
  embedded_checkout_url: z.string().optional(),
};
export const bcRedirectUrlsSchema = z.looseObject(bcRedirectUrlsShape);
export type BcRedirectUrls = Fields<typeof bcRedirectUrlsShape>;

const bcCartShape = {
  id: z.string(),
  customer_id: z.number().default(0),
  channel_id: z.number().optional(),
  email: z.string().optional(),
  currency: z.looseObject({ code: z.string() }),
  tax_included: z.boolean().default(false),
  base_amount: z.number(),
  discount_amount: z.number().default(0),
  cart_amount: z.number(),
  coupons: lenientArray(bcAppliedCouponSchema, 'coupons').default([]),
  line_items: bcCartLineItemsSchema,
  created_time: z.string(),
  updated_time: z.string(),
  version: z.number().optional(),
  redirect_urls: bcRedirectUrlsSchema.optional(),
};
export const bcCartSchema = z.looseObject(bcCartShape);
export type BcCart = Fields<typeof bcCartShape>;
