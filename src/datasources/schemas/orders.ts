import { z } from 'zod';
import { lenientArray } from './lenient.js';

/**
 * Order shapes from `orders.v2.oas2.yml`. v2 answers bare JSON; money is decimal text
 * (`"361.9500"`), dates are RFC 2822 (`Tue, 05 Mar 2019 21:40:43 +0000`). Objects are loose
 * (BigCommerce adds fields); fields the gateway reads are listed, the rest pass through unread.
 */

type Fields<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/** v2 money: decimal text. A number would have passed through a float, so it is refused. */
const amount = z.string().regex(/^-?\d+(\.\d+)?$/);

/** `billingAddress_Base` / `shippingAddress_Base`: every field a string, some may be absent. */
const bcOrderAddressShape = {
  first_name: z.string().default(''),
  last_name: z.string().default(''),
  company: z.string().default(''),
  street_1: z.string().default(''),
  street_2: z.string().default(''),
  city: z.string().default(''),
  state: z.string().default(''),
  zip: z.string().default(''),
  country: z.string().default(''),
  country_iso2: z.string().default(''),
  phone: z.string().default(''),
  email: z.string().default(''),
};
export const bcOrderAddressSchema = z.looseObject(bcOrderAddressShape);
export type BcOrderAddress = Fields<typeof bcOrderAddressShape>;

/** `order_Resp`: the fields the graph reads. */
const bcOrderShape = {
  id: z.number().int(),
  customer_id: z.number().int(),
  status_id: z.number().int(),
  status: z.string(),
  date_created: z.string(),
  date_modified: z.string(),
  date_shipped: z.string().optional(),
  cart_id: z.string().optional(),
  currency_code: z.string(),
  subtotal_ex_tax: amount,
  subtotal_inc_tax: amount,
  shipping_cost_ex_tax: amount,
  shipping_cost_inc_tax: amount,
  total_ex_tax: amount,
  total_inc_tax: amount,
  total_tax: amount,
  discount_amount: amount,
  coupon_discount: amount.optional(),
  items_total: z.number(),
  items_shipped: z.number(),
  payment_status: z.string().optional(),
  channel_id: z.number().int().optional(),
  billing_address: bcOrderAddressSchema,
};
export const bcOrderSchema = z.looseObject(bcOrderShape);
export type BcOrder = Fields<typeof bcOrderShape>;

/** `orderProducts`: one line of an order. */
const bcOrderProductShape = {
  id: z.number().int(),
  order_id: z.number().int(),
  product_id: z.number().int(),
  variant_id: z.number().int().optional(),
  order_address_id: z.number().int().optional(),
  name: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  quantity_shipped: z.number().optional(),
  base_price: amount,
  price_ex_tax: amount,
  price_inc_tax: amount,
  total_ex_tax: amount,
  total_inc_tax: amount,
};
export const bcOrderProductSchema = z.looseObject(bcOrderProductShape);
export type BcOrderProduct = Fields<typeof bcOrderProductShape>;

/** `orderShippingAddress`: an address with its shipping method and cost. */
const bcOrderShippingAddressShape = {
  ...bcOrderAddressShape,
  id: z.number().int(),
  order_id: z.number().int(),
  shipping_method: z.string().default(''),
  cost_ex_tax: amount.optional(),
  cost_inc_tax: amount.optional(),
  items_total: z.number().optional(),
  items_shipped: z.number().optional(),
};
export const bcOrderShippingAddressSchema = z.looseObject(bcOrderShippingAddressShape);
export type BcOrderShippingAddress = Fields<typeof bcOrderShippingAddressShape>;

/** `orderShipment`: a parcel sent, with its tracking number and the line items in it. */
const bcShipmentItemShape = {
  order_product_id: z.number().int(),
  product_id: z.number().int().optional(),
  quantity: z.number().int(),
};
const bcShipmentShape = {
  id: z.number().int(),
  order_id: z.number().int(),
  customer_id: z.number().int().optional(),
  order_address_id: z.number().int(),
  date_created: z.string(),
  tracking_number: z.string().default(''),
  shipping_method: z.string().default(''),
  shipping_provider: z.string().default(''),
  tracking_carrier: z.string().default(''),
  tracking_link: z.string().default(''),
  generated_tracking_link: z.string().optional(),
  comments: z.string().default(''),
  items: lenientArray(z.looseObject(bcShipmentItemShape), 'items'),
};
export const bcShipmentSchema = z.looseObject(bcShipmentShape);
export type BcShipment = Fields<typeof bcShipmentShape>;
export type BcShipmentItem = Fields<typeof bcShipmentItemShape>;

/** `ordersCount_Full`: the total (per-status counts are not read). */
export const bcOrderCountSchema = z.looseObject({ count: z.number().int().nonnegative() });
