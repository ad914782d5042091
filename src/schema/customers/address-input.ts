import { z } from 'zod';
import type { AddressFields } from '../../datasources/customers.js';
import { builder } from '../builder.js';
import { AddressType } from './customer.js';

/** Limits of `address_Post` / `address_Put`, checked here so a bad value never goes upstream. */
const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => text(max).min(1, 'is required');

export const AddressInput = builder.inputType('AddressInput', {
  description:
    'A saved address. State or province and postal code may be empty where a country has none.',
  fields: (t) => ({
    firstName: t.string({ required: true, description: 'First name.', validate: required(255) }),
    lastName: t.string({ required: true, description: 'Last name.', validate: required(255) }),
    company: t.string({ description: 'Company.', validate: text(255) }),
    address1: t.string({
      required: true,
      description: 'First line of the street address.',
      validate: required(255),
    }),
    address2: t.string({ description: 'Second line of the street address.', validate: text(255) }),
    city: t.string({ required: true, description: 'City.', validate: required(100) }),
    stateOrProvince: t.string({
      description: 'State or province, spelled out in full (not a code).',
      validate: text(100),
    }),
    postalCode: t.string({ description: 'Postal code.', validate: text(30) }),
    countryCode: t.string({
      required: true,
      description: 'ISO-3166 alpha-2 country code (`US`).',
      validate: z.string().regex(/^[A-Za-z]{2}$/, 'must be a 2-letter country code'),
    }),
    phone: t.string({ description: 'Phone number.', validate: text(50) }),
    addressType: t.field({
      type: AddressType,
      description: 'Residential (the default) or commercial.',
    }),
  }),
});

type AddressInputShape = {
  firstName: string;
  lastName: string;
  company?: string | null;
  address1: string;
  address2?: string | null;
  city: string;
  stateOrProvince?: string | null;
  postalCode?: string | null;
  countryCode: string;
  phone?: string | null;
  addressType?: 'residential' | 'commercial' | null;
};

/** The GraphQL input as the datasource's fields (trimmed, the country code upper-case). */
export function toAddressFields(input: AddressInputShape): AddressFields {
  return {
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    company: input.company?.trim() ?? undefined,
    address1: input.address1.trim(),
    address2: input.address2?.trim() ?? undefined,
    city: input.city.trim(),
    stateOrProvince: input.stateOrProvince?.trim() ?? '',
    postalCode: input.postalCode?.trim() ?? '',
    countryCode: input.countryCode.toUpperCase(),
    phone: input.phone?.trim() ?? undefined,
    addressType: input.addressType ?? undefined,
  };
}
