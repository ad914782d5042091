import { z } from 'zod';
import { builder } from '../builder.js';

/** A BigCommerce cart (and checkout) id: a UUID. Anything else names no cart: refused before any call. */
export const cartIdSchema = z.uuid('must be a cart id (a UUID)');

export const CartLineItemInput = builder.inputType('CartLineItemInput', {
  description: 'A catalog product (and, for a product with options, its variant) and how many.',
  fields: (t) => ({
    productEntityId: t.int({
      required: true,
      description: 'BigCommerce product id.',
      validate: z.number().int().positive(),
    }),
    variantEntityId: t.int({
      required: false,
      description: 'BigCommerce variant id; required when the product has several variants.',
      validate: z.number().int().positive().nullish(),
    }),
    quantity: t.int({
      required: true,
      description: 'How many (1–1000).',
      validate: z.number().int().min(1).max(1000),
    }),
  }),
});

const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const CheckoutAddressInput = builder.inputType('CheckoutAddressInput', {
  description: 'A billing or shipping address of a checkout.',
  fields: (t) => ({
    firstName: t.string({ required: true, description: 'First name.', validate: required(255) }),
    lastName: t.string({ required: true, description: 'Last name.', validate: required(255) }),
    email: t.string({
      required: true,
      description: 'Email address.',
      validate: z.email().max(255),
    }),
    company: t.string({ required: false, description: 'Company.', validate: text(255).nullish() }),
    address1: t.string({ required: true, description: 'Street address.', validate: required(255) }),
    address2: t.string({
      required: false,
      description: 'Second address line.',
      validate: text(255).nullish(),
    }),
    city: t.string({ required: true, description: 'City.', validate: required(100) }),
    stateOrProvince: t.string({
      required: false,
      description: 'State or province name.',
      validate: text(100).nullish(),
    }),
    stateOrProvinceCode: t.string({
      required: false,
      description: 'State or province code (e.g. CA).',
      validate: text(10).nullish(),
    }),
    postalCode: t.string({ required: true, description: 'Postal code.', validate: required(30) }),
    countryCode: t.string({
      required: true,
      description: 'ISO-3166 alpha-2 country code (e.g. US).',
      validate: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code'),
    }),
    phone: t.string({
      required: false,
      description:
        'Phone number: digits with an optional leading `+` and `x` extension; spaces, dots, dashes and brackets are dropped.',
      validate: z
        .string()
        .max(50)
        .refine((phone) => CHECKOUT_PHONE.test(phoneDigits(phone)), {
          message: 'must be a phone number: digits, an optional leading + and an xNNNNN extension',
        })
        .nullish(),
    }),
  }),
});

/** Drops GraphQL's nulls: an absent optional field is not sent upstream. */
export function toAddressInput(a: {
  firstName: string;
  lastName: string;
  email: string;
  company?: string | null;
  address1: string;
  address2?: string | null;
  city: string;
  stateOrProvince?: string | null;
  stateOrProvinceCode?: string | null;
  postalCode: string;
  countryCode: string;
  phone?: string | null;
}) {
  return {
    firstName: a.firstName,
    lastName: a.lastName,
    email: a.email,
    company: a.company ?? undefined,
    address1: a.address1,
    address2: a.address2 ?? undefined,
    city: a.city,
    stateOrProvince: a.stateOrProvince ?? undefined,
    stateOrProvinceCode: a.stateOrProvinceCode ?? undefined,
    postalCode: a.postalCode,
    countryCode: a.countryCode.toUpperCase(),
    phone: a.phone ? phoneDigits(a.phone) : undefined,
  };
}

/** BigCommerce's checkout address `phone` pattern (checkouts.v3.yml `AddressProperties`). */
const CHECKOUT_PHONE = /^\+?[1-9]\d{1,14}(x\d{1,5})?$/;

/** `+1 (555) 010-0100 x12` → `+15550100100x12`: what a person types, as the checkout takes it. */
const phoneDigits = (phone: string): string =>
  phone.replace(/[\s().-]/g, '').replace(/ext\.?/i, 'x');

export const toLineItems = (
  items: readonly { productEntityId: number; variantEntityId?: number | null; quantity: number }[],
) =>
  items.map((i) => ({
    productId: i.productEntityId,
    variantId: i.variantEntityId ?? undefined,
    quantity: i.quantity,
  }));
