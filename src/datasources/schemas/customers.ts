import { z } from 'zod';
import { lenientArray } from './lenient.js';

/**
 * Customer shapes from `customers.v3.yml`. Objects are loose (BigCommerce adds fields) and fields
 * are optional where the spec leaves them so, with one exception: `customer_Full` requires
 * nothing, yet a customer without `id` cannot be keyed or signed in, so `id` is required and such
 * an entry is dropped (and logged) rather than kept.
 */

/** The parsed type minus the loose object's index signature, so `keyof` stays precise. */
type Fields<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/** A spec enum that tolerates values BigCommerce adds later: they parse as `undefined`. */
const openEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined);

/** `formFieldValue`: a string, a number or a list of strings. */
const bcFormFieldShape = {
  name: z.string(),
  value: z.union([z.string(), z.number(), z.array(z.string())]),
  customer_id: z.number().optional(),
  address_id: z.number().optional(),
};
export const bcFormFieldSchema = z.looseObject(bcFormFieldShape);
export type BcFormField = Fields<typeof bcFormFieldShape>;

/**
 * `address_Full` (and the address of `AddressCollectionResponse`): the spec requires the fields
 * below that are not `.optional()`.
 */
const bcCustomerAddressShape = {
  id: z.number(),
  customer_id: z.number(),
  first_name: z.string(),
  last_name: z.string(),
  company: z.string().optional(),
  address1: z.string(),
  address2: z.string().optional(),
  city: z.string(),
  state_or_province: z.string(),
  postal_code: z.string(),
  country_code: z.string(),
  country: z.string().optional(),
  phone: z.string().optional(),
  address_type: openEnum(['residential', 'commercial']),
  form_fields: lenientArray(bcFormFieldSchema, 'form_fields').optional(),
};
export const bcCustomerAddressSchema = z.looseObject(bcCustomerAddressShape);
export type BcCustomerAddress = Fields<typeof bcCustomerAddressShape>;

/** `attribute_Full`: a customer's value of one customer attribute. */
const bcCustomerAttributeShape = {
  id: z.number().optional(),
  attribute_id: z.number().optional(),
  attribute_value: z.string().optional(),
  customer_id: z.number().optional(),
  date_created: z.string().optional(),
  date_modified: z.string().optional(),
};
export const bcCustomerAttributeSchema = z.looseObject(bcCustomerAttributeShape);

/** `customer_Full`; sub-resources appear only when `include` asks for them. */
const bcCustomerShape = {
  id: z.number(),
  email: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  company: z.string().optional(),
  phone: z.string().optional(),
  registration_ip_address: z.string().optional(),
  notes: z.string().optional(),
  tax_exempt_category: z.string().optional(),
  customer_group_id: z.number().optional(),
  date_created: z.string().optional(),
  date_modified: z.string().optional(),
  address_count: z.number().optional(),
  attribute_count: z.number().optional(),
  authentication: z.looseObject({ force_password_reset: z.boolean().optional() }).optional(),
  accepts_product_review_abandoned_cart_emails: z.boolean().optional(),
  origin_channel_id: z.number().optional(),
  // `customerChannelIds` types no items; channel ids are integers. `null` is global access.
  channel_ids: z.array(z.number()).nullish(),
  /** `include=addresses` (at most 10). */
  addresses: lenientArray(bcCustomerAddressSchema, 'addresses').optional(),
  /** `include=storecredit`. */
  store_credit_amounts: z.array(z.looseObject({ amount: z.number().optional() })).optional(),
  /** `include=attributes`. */
  attributes: lenientArray(bcCustomerAttributeSchema, 'attributes').optional(),
  /** `include=formfields`. */
  form_fields: lenientArray(bcFormFieldSchema, 'form_fields').optional(),
};
export const bcCustomerSchema = z.looseObject(bcCustomerShape);
export type BcCustomer = Fields<typeof bcCustomerShape>;

/**
 * `ValidateCustomerCredentialsResponseObject`, answered bare (no `data` envelope). The spec marks
 * neither field required; `is_valid` is required here all the same, because an answer without a
 * verdict must fail closed (a malformed answer), never read as a sign-in.
 */
export const bcCredentialsVerdictSchema = z.looseObject({
  is_valid: z.boolean(),
  customer_id: z.number().nullish(),
});
export type BcCredentialsVerdict = z.infer<typeof bcCredentialsVerdictSchema>;

/** `CardInstrument`: the one kind of stored instrument a shopper can pay with through the gateway. */
const bcStoredCardShape = {
  type: z.literal('stored_card'),
  token: z.string(),
  is_default: z.boolean().optional(),
  brand: z.string().optional(),
  expiry_month: z.number().int().optional(),
  expiry_year: z.number().int().optional(),
  issuer_identification_number: z.string().optional(),
  last_4: z.string().optional(),
};
export const bcStoredCardSchema = z.looseObject(bcStoredCardShape);
export type BcStoredCard = Fields<typeof bcStoredCardShape>;

/**
 * `GET /v3/customers/{customerId}/stored-instruments`: a bare array of `oneOf` card, PayPal
 * account or bank account, by `type`. Cards are kept; the other kinds (and any kind BigCommerce
 * adds) are dropped quietly: the gateway shows and pays with cards only. A malformed card is
 * dropped and logged like any malformed item.
 */
export const bcStoredInstrumentsSchema = z
  .array(z.unknown())
  .transform((items) => items.filter(isStoredCard))
  .pipe(lenientArray(bcStoredCardSchema, 'stored_instruments'));

function isStoredCard(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'type' in item && item.type === 'stored_card';
}

/** `customerGroup_Full` (`customers.v2.yml`); the gateway reads a group's name only. */
const bcCustomerGroupShape = {
  id: z.number(),
  name: z.string(),
  is_default: z.boolean().optional(),
  is_group_for_guests: z.boolean().optional(),
  date_created: z.string().optional(),
  date_modified: z.string().optional(),
};
export const bcCustomerGroupSchema = z.looseObject(bcCustomerGroupShape);
export type BcCustomerGroup = Fields<typeof bcCustomerGroupShape>;

/** A created or updated customer: `CustomerCollectionResponse`'s `data`. */
export const bcCustomerWriteAnswerSchema = z.array(bcCustomerSchema);

/**
 * `AddressCollectionResponsePostPut`'s `data`. The spec: an address identical to one the customer
 * has already is left out of it, so the list may be empty.
 */
export const bcAddressWriteAnswerSchema = z.array(bcCustomerAddressSchema);
