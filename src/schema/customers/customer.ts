import { hasScope } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import type { BcCustomer, BcCustomerAddress } from '../../datasources/schemas/customers.js';
import { builder } from '../builder.js';
import { Money, money } from '../catalog/money.js';
import { parsePositiveInt } from '../ids.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';

export const CustomerRef = builder.objectRef<BcCustomer>('Customer');
export const AddressRef = builder.objectRef<BcCustomerAddress>('Address');

/**
 * The signed-in customer's own record, or null: another customer's id is answered exactly like
 * an id with no customer (null, and no upstream call that could tell them apart by timing).
 */
export function loadOwnCustomer(ctx: Context, customerId: number): Promise<BcCustomer | null> {
  const { viewer } = ctx;
  if (viewer.kind !== 'customer' || viewer.customerId !== customerId) return Promise.resolve(null);
  return ctx.customerLoaders.customerById.load(customerId);
}

/**
 * A customer the viewer may read: their own record for a signed-in customer, any customer for a
 * key holding `customers:read`; null for everyone else, without an upstream call.
 */
export function loadCustomerForViewer(
  ctx: Context,
  customerId: number,
): Promise<BcCustomer | null> {
  if (ctx.viewer.kind !== 'customer' && hasScope(ctx.viewer, 'customers:read')) {
    return ctx.customerLoaders.customerById.load(customerId);
  }
  return loadOwnCustomer(ctx, customerId);
}

export const AddressType = builder.enumType('AddressType', {
  description: 'Whether an address is a home or a business.',
  values: {
    RESIDENTIAL: { value: 'residential', description: 'A home address.' },
    COMMERCIAL: { value: 'commercial', description: 'A business address.' },
  } as const,
});

AddressRef.implement({
  description: 'One of a customer’s saved addresses.',
  fields: (t) => ({
    entityId: t.exposeInt('id', { description: 'BigCommerce address id.' }),
    firstName: t.exposeString('first_name', { description: 'First name.' }),
    lastName: t.exposeString('last_name', { description: 'Last name.' }),
    company: t.string({ description: 'Company, or empty.', resolve: (a) => a.company ?? '' }),
    address1: t.exposeString('address1', { description: 'First line of the street address.' }),
    address2: t.string({
      description: 'Second line of the street address, or empty.',
      resolve: (a) => a.address2 ?? '',
    }),
    city: t.exposeString('city', { description: 'City.' }),
    stateOrProvince: t.exposeString('state_or_province', { description: 'State or province.' }),
    postalCode: t.exposeString('postal_code', { description: 'Postal code.' }),
    countryCode: t.exposeString('country_code', { description: 'ISO-3166 alpha-2 country code.' }),
    country: t.string({
      description: 'Country name, or empty.',
      resolve: (a) => a.country ?? '',
    }),
    phone: t.string({ description: 'Phone number, or empty.', resolve: (a) => a.phone ?? '' }),
    addressType: t.field({
      type: AddressType,
      nullable: true,
      description: 'Residential or commercial, when BigCommerce says.',
      resolve: (a) => a.address_type ?? null,
    }),
  }),
});

builder.node(CustomerRef, {
  description:
    'A customer of the store: the signed-in customer themself, or any customer for keys with `customers:read`.',
  id: { resolve: (c) => c.id, parse: parsePositiveInt },
  // Never the shared entity cache: the per-request loader only.
  loadWithoutCache: (id, ctx) => loadCustomerForViewer(ctx, id),
  fields: (t) => ({
    entityId: t.exposeInt('id', { description: 'BigCommerce customer id.' }),
    email: t.string({ description: 'Email address.', resolve: (c) => c.email ?? '' }),
    firstName: t.string({ description: 'First name.', resolve: (c) => c.first_name ?? '' }),
    lastName: t.string({ description: 'Last name.', resolve: (c) => c.last_name ?? '' }),
    company: t.string({ description: 'Company, or empty.', resolve: (c) => c.company ?? '' }),
    phone: t.string({ description: 'Phone number, or empty.', resolve: (c) => c.phone ?? '' }),
    customerGroupEntityId: t.int({
      description: 'BigCommerce id of the customer group (0: none).',
      resolve: (c) => c.customer_group_id ?? 0,
    }),
    addresses: t.field({
      type: [AddressRef],
      description: 'Saved addresses.',
      // The customer's own call includes up to 10; more cost one more call.
      complexity: LOOKUP,
      resolve: (c, _args, ctx) => {
        const included = c.addresses ?? [];
        return (c.address_count ?? included.length) > included.length
          ? ctx.customerLoaders.addressesByCustomerId.load(c.id)
          : included;
      },
    }),
    storeCredit: t.field({
      type: [Money],
      description:
        'Store credit balances. BigCommerce reports a list of amounts, in the store currency.',
      // A handful of amounts resolved from the customer already fetched.
      complexity: { field: 0, multiplier: 1 },
      resolve: (c, _args, ctx) =>
        (c.store_credit_amounts ?? []).map((credit) => money(credit.amount ?? 0, ctx.currencyCode)),
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: CustomerRef,
    nullable: true,
    description: 'The signed-in customer; null for anyone else (anonymous callers, API keys).',
    complexity: UPSTREAM_CALL,
    resolve: (_root, _args, ctx) =>
      ctx.viewer.kind === 'customer' ? loadOwnCustomer(ctx, ctx.viewer.customerId) : null,
  }),
);
