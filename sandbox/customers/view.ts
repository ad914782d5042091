import { HttpError } from '../http.js';
import { stringListParam } from '../query.js';
import type { Customer, CustomerAddress } from './model.js';
import type { CustomerStore } from './store.js';

/** The `include` enum of `getCustomers`. */
export const CUSTOMER_INCLUDES = [
  'addresses',
  'storecredit',
  'attributes',
  'formfields',
  'shopper_profile_id',
  'segment_ids',
] as const;

export type CustomerInclude = (typeof CUSTOMER_INCLUDES)[number];

/** The spec: "Array of customer addresses. Limited to 10." */
const MAX_INCLUDED_ADDRESSES = 10;

/** Reads `include` against `allowed`; a value outside the enum is a 422 naming the parameter. */
export function parseIncludeList<T extends string>(
  query: URLSearchParams,
  allowed: readonly T[],
): Set<T> {
  const requested = stringListParam(query, 'include') ?? [];
  const unknown = requested.filter((name) => !(allowed as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new HttpError(422, 'The filter(s) or parameter(s) supplied are invalid.', {
      include: `Unknown sub-resource(s): ${unknown.join(', ')}`,
    });
  }
  return new Set(requested as T[]);
}

/** `address_Full`; `form_fields` only with `include=formfields` (the sandbox has no form fields). */
export function toAddressView(
  address: CustomerAddress,
  formFields: boolean,
): Record<string, unknown> {
  return formFields ? { ...address, form_fields: [] } : { ...address };
}

/**
 * `customer_Full`: the counts always, sub-resources only when included. The sandbox defines no
 * attributes, form fields or segments, so those come back empty; it has no shopper profiles, so
 * `shopper_profile_id` is accepted and left out.
 */
export function toCustomerView(
  store: CustomerStore,
  customer: Customer,
  includes: ReadonlySet<CustomerInclude>,
): Record<string, unknown> {
  const addresses = store.addressesOf(customer.id);
  const view: Record<string, unknown> = {
    ...customer,
    channel_ids: [...customer.channel_ids],
    authentication: { ...customer.authentication },
    address_count: addresses.length,
    attribute_count: 0,
  };
  const formFields = includes.has('formfields');
  if (includes.has('addresses')) {
    view.addresses = addresses
      .slice(0, MAX_INCLUDED_ADDRESSES)
      .map((a) => toAddressView(a, formFields));
  }
  if (includes.has('storecredit')) {
    view.store_credit_amounts = (store.storeCredit.get(customer.id) ?? []).map((c) => ({ ...c }));
  }
  if (includes.has('attributes')) view.attributes = [];
  if (formFields) view.form_fields = [];
  if (includes.has('segment_ids')) view.segment_ids = [];
  return view;
}
