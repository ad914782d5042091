import { z } from 'zod';
import { HttpError } from '../http.js';

/**
 * Request bodies of the customer and address writes, as `customers.v3.yml` constrains them
 * (`customer_Post`, `customer_Put`, `address_Post`, `address_Put`). Unknown properties are
 * ignored, as BigCommerce ignores them; read-only ones (`date_created`...) likewise.
 */

/** The spec: "Create up to 10 customers in one call" (also updates); more is a 413. */
export const MAX_BATCH = 10;

// BigCommerce's storefront rule for passwords: seven characters or more, letters and digits.
export const passwordSchema = z
  .string()
  .min(7, 'must be at least 7 characters')
  .regex(/[A-Za-z]/, 'must contain a letter')
  .regex(/\d/, 'must contain a digit');

const text = (min: number, max: number) => z.string().min(min).max(max);
const email = (max: number) => z.email('must be a valid email address').min(3).max(max);
const addressType = z.enum(['residential', 'commercial']);
const storeCredit = z.array(z.object({ amount: z.number().nonnegative() })).max(10);
const authentication = z.object({
  force_password_reset: z.boolean().optional(),
  new_password: passwordSchema.optional(),
});

const addressFields = {
  first_name: text(1, 255),
  last_name: text(1, 255),
  company: text(0, 255).optional(),
  address1: z.string().min(1),
  address2: z.string().optional(),
  city: text(1, 100),
  state_or_province: text(0, 100),
  postal_code: text(0, 30),
  country_code: z.string().regex(/^[A-Za-z]{2}$/, 'must be a 2-letter country code'),
  phone: text(0, 50).optional(),
  address_type: addressType.optional(),
};

/** `customerAddresses_CustomerPost`: an address inside a new customer (no `customer_id`). */
const nestedAddress = z.object({
  ...addressFields,
  state_or_province: addressFields.state_or_province.optional(),
  postal_code: addressFields.postal_code.optional(),
});

export const customerPostSchema = z.object({
  email: email(250),
  first_name: text(1, 100),
  last_name: text(1, 100),
  company: text(0, 255).optional(),
  phone: text(0, 50).optional(),
  notes: z.string().optional(),
  tax_exempt_category: text(0, 255).optional(),
  customer_group_id: z.number().int().nonnegative().optional(),
  addresses: z.array(nestedAddress).max(10).optional(),
  authentication: authentication.optional(),
  accepts_product_review_abandoned_cart_emails: z.boolean().optional(),
  store_credit_amounts: storeCredit.optional(),
  origin_channel_id: z.number().int().positive().optional(),
  // `null` (or absent) is global access; an array must name at least one channel.
  channel_ids: z.array(z.number().int().positive()).min(1).nullish(),
});
export type CustomerPost = z.infer<typeof customerPostSchema>;

export const customerPutSchema = z.object({
  id: z.number().int().positive(),
  email: email(255).optional(),
  first_name: text(1, 100).optional(),
  last_name: text(1, 100).optional(),
  company: text(0, 255).optional(),
  phone: text(0, 50).optional(),
  notes: z.string().optional(),
  tax_exempt_category: text(0, 255).optional(),
  customer_group_id: z.number().int().nonnegative().optional(),
  authentication: authentication.optional(),
  accepts_product_review_abandoned_cart_emails: z.boolean().optional(),
  store_credit_amounts: storeCredit.optional(),
  channel_ids: z.array(z.number().int().positive()).min(1).nullish(),
});
export type CustomerPut = z.infer<typeof customerPutSchema>;

export const addressPostSchema = z.object({
  ...addressFields,
  customer_id: z.number().int().positive(),
});
export type AddressPost = z.infer<typeof addressPostSchema>;

export const addressPutSchema = z
  .object(addressFields)
  .partial()
  .extend({ id: z.number().int().positive() });
export type AddressPut = z.infer<typeof addressPutSchema>;

/**
 * Parses an array body item by item. Failures are one 422 whose `errors` are keyed
 * `index.field` and say what is wrong, never echoing a value (a password may be one of them).
 */
export function parseBatch<T>(body: unknown, item: z.ZodType<T>, title: string): T[] {
  if (!Array.isArray(body)) {
    throw new HttpError(422, title, { body: 'must be an array' });
  }
  if (body.length > MAX_BATCH) {
    throw new HttpError(413, `At most ${MAX_BATCH} items may be sent in one request.`);
  }
  if (body.length === 0) throw new HttpError(422, title, { body: 'must not be empty' });
  const errors: Record<string, string> = {};
  const parsed = body.map((entry, index) => {
    const result = item.safeParse(entry);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      errors[[index, ...issue.path].join('.')] = issue.message;
    }
    return undefined;
  });
  if (Object.keys(errors).length > 0) throw new HttpError(422, title, errors);
  return parsed as T[];
}
