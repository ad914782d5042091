import type { BcOrderAddress } from '../../datasources/schemas/orders.js';
import { builder } from '../builder.js';

/** A billing address (no id) or a shipping address (with its id and method). */
export type OrderAddressShape = BcOrderAddress & { id?: number; shipping_method?: string };

export const OrderAddressRef = builder.objectRef<OrderAddressShape>('OrderAddress');

OrderAddressRef.implement({
  description: 'An address of an order: where it is billed or shipped to.',
  fields: (t) => ({
    entityId: t.int({
      nullable: true,
      description: 'BigCommerce id of a shipping address (null for the billing address).',
      resolve: (a) => a.id ?? null,
    }),
    firstName: t.exposeString('first_name', { description: 'First name.' }),
    lastName: t.exposeString('last_name', { description: 'Last name.' }),
    company: t.exposeString('company', { description: 'Company, or empty.' }),
    address1: t.exposeString('street_1', { description: 'First line of the street address.' }),
    address2: t.exposeString('street_2', { description: 'Second line, or empty.' }),
    city: t.exposeString('city', { description: 'City.' }),
    stateOrProvince: t.exposeString('state', { description: 'State or province.' }),
    postalCode: t.exposeString('zip', { description: 'Postal code.' }),
    country: t.exposeString('country', { description: 'Country name.' }),
    countryCode: t.exposeString('country_iso2', { description: 'ISO-3166 alpha-2 country code.' }),
    phone: t.exposeString('phone', { description: 'Phone number, or empty.' }),
    email: t.exposeString('email', { description: 'Email address, or empty.' }),
    shippingMethod: t.string({
      nullable: true,
      description: 'The shipping method chosen for a shipping address (null for billing).',
      resolve: (a) => a.shipping_method ?? null,
    }),
  }),
});
