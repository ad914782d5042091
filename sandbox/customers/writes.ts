import { HttpError } from '../http.js';
import type { AddressPost, AddressPut, CustomerPost, CustomerPut } from './inputs.js';
import type { Customer, CustomerAddress } from './model.js';
import { customersDate } from './seed.js';
import { type CustomerStore, DEFAULT_CHANNEL_ID } from './store.js';

/**
 * The rules of the customer and address writes, over already-parsed bodies. A batch is checked
 * whole before anything changes: one refused item refuses the call (a 422 keyed `index.field`).
 */

const COUNTRIES: Record<string, string> = {
  US: 'United States',
  CA: 'Canada',
  GB: 'United Kingdom',
  AU: 'Australia',
  DE: 'Germany',
  FR: 'France',
  NL: 'Netherlands',
};

// No email or other value in the message: refusals are logged by clients such as the gateway.
const EMAIL_TAKEN = 'The email address is already in use by another customer.';

const now = (): string => customersDate(Date.now());

function refuse(title: string, errors: Record<string, string>): void {
  if (Object.keys(errors).length > 0) throw new HttpError(422, title, errors);
}

/** Duplicate emails against other customers and within the batch itself. */
function emailErrors(
  store: CustomerStore,
  items: readonly { email?: string | undefined; id?: number }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (item.email === undefined) return;
    const key = item.email.trim().toLowerCase();
    const owner = store.findByEmail(key);
    if ((owner && owner.id !== item.id) || seen.has(key)) errors[`${index}.email`] = EMAIL_TAKEN;
    seen.add(key);
  });
  return errors;
}

function groupErrors(
  store: CustomerStore,
  items: readonly { customer_group_id?: number | undefined }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  items.forEach((item, index) => {
    const id = item.customer_group_id;
    if (id !== undefined && id !== 0 && !store.getGroup(id)) {
      errors[`${index}.customer_group_id`] = 'The customer group does not exist.';
    }
  });
  return errors;
}

/** `POST /v3/customers`. */
export function createCustomers(store: CustomerStore, items: CustomerPost[]): Customer[] {
  const title = 'Create customers failed.';
  const errors = { ...emailErrors(store, items), ...groupErrors(store, items) };
  // The spec's example key for a failed create, beside the field that failed.
  if (Object.keys(errors).length > 0) errors['.customer_create'] = 'Error creating customers';
  refuse(title, errors);
  return items.map((item) => {
    const stamp = now();
    const origin = item.origin_channel_id ?? DEFAULT_CHANNEL_ID;
    const customer: Customer = {
      id: store.nextCustomerId(),
      email: item.email.trim(),
      first_name: item.first_name,
      last_name: item.last_name,
      company: item.company ?? '',
      phone: item.phone ?? '',
      registration_ip_address: '',
      notes: item.notes ?? '',
      tax_exempt_category: item.tax_exempt_category ?? '',
      customer_group_id: item.customer_group_id ?? 0,
      date_created: stamp,
      date_modified: stamp,
      authentication: { force_password_reset: item.authentication?.force_password_reset ?? false },
      accepts_product_review_abandoned_cart_emails:
        item.accepts_product_review_abandoned_cart_emails ?? false,
      origin_channel_id: origin,
      // Global access (no list) signs in on the default channel, where global logins are on.
      channel_ids: item.channel_ids ?? [origin],
    };
    store.addCustomer(customer, item.authentication?.new_password);
    store.storeCredit.set(customer.id, item.store_credit_amounts ?? [{ amount: 0 }]);
    for (const address of item.addresses ?? []) {
      insertAddress(store, { ...address, customer_id: customer.id });
    }
    return customer;
  });
}

/** `PUT /v3/customers`: only the fields sent change; read-only ones are ignored. */
export function updateCustomers(store: CustomerStore, items: CustomerPut[]): Customer[] {
  const title = 'Update customers failed.';
  const errors: Record<string, string> = {};
  items.forEach((item, index) => {
    if (!store.getCustomer(item.id)) errors[`${index}.id`] = 'The customer does not exist.';
  });
  refuse(title, { ...errors, ...emailErrors(store, items), ...groupErrors(store, items) });
  return items.map((item) => {
    const customer = store.getCustomer(item.id) as Customer;
    const { id: _id, authentication, store_credit_amounts, channel_ids, ...fields } = item;
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) Object.assign(customer, { [key]: value });
    }
    if (item.email !== undefined) customer.email = item.email.trim();
    if (channel_ids !== undefined) customer.channel_ids = channel_ids ?? [DEFAULT_CHANNEL_ID];
    if (authentication?.force_password_reset !== undefined) {
      customer.authentication = { force_password_reset: authentication.force_password_reset };
    }
    if (authentication?.new_password !== undefined) {
      store.setPassword(customer.id, authentication.new_password);
    }
    if (store_credit_amounts) store.storeCredit.set(customer.id, store_credit_amounts);
    customer.date_modified = now();
    return customer;
  });
}

/** The fields the spec says make an address unique within its customer. */
const CORE_FIELDS = [
  'first_name',
  'last_name',
  'company',
  'phone',
  'address_type',
  'address1',
  'address2',
  'city',
  'country_code',
  'state_or_province',
  'postal_code',
] as const satisfies readonly (keyof CustomerAddress)[];

function duplicateOf(store: CustomerStore, address: CustomerAddress): CustomerAddress | undefined {
  return store
    .addressesOf(address.customer_id)
    .find(
      (other) =>
        other.id !== address.id &&
        CORE_FIELDS.every((field) => other[field].toLowerCase() === address[field].toLowerCase()),
    );
}

/** An address to store: `state_or_province` and `postal_code` may be absent inside a new customer. */
type NewAddress = Omit<AddressPost, 'state_or_province' | 'postal_code'> &
  Partial<Pick<AddressPost, 'state_or_province' | 'postal_code'>>;

function toAddress(id: number, item: NewAddress): CustomerAddress {
  const country_code = item.country_code.toUpperCase();
  return {
    id,
    customer_id: item.customer_id,
    first_name: item.first_name,
    last_name: item.last_name,
    company: item.company ?? '',
    address1: item.address1,
    address2: item.address2 ?? '',
    city: item.city,
    state_or_province: item.state_or_province ?? '',
    postal_code: item.postal_code ?? '',
    country_code,
    country: COUNTRIES[country_code] ?? '',
    phone: item.phone ?? '',
    address_type: item.address_type ?? 'residential',
  };
}

/** Adds one address unless its customer already has an identical one (then: undefined). */
function insertAddress(store: CustomerStore, item: NewAddress): CustomerAddress | undefined {
  const candidate = toAddress(0, item);
  if (duplicateOf(store, candidate)) return undefined;
  const address = { ...candidate, id: store.nextAddressId() };
  store.addresses.push(address);
  return address;
}

/**
 * `POST /v3/customers/addresses`. The spec: an address identical to an existing one changes
 * nothing and is absent from the answer (still a 200).
 */
export function createAddresses(store: CustomerStore, items: AddressPost[]): CustomerAddress[] {
  const errors: Record<string, string> = {};
  items.forEach((item, index) => {
    if (!store.getCustomer(item.customer_id)) {
      errors[`${index}.customer_id`] = 'The customer does not exist.';
    }
  });
  refuse('Create addresses failed.', errors);
  return items.flatMap((item) => insertAddress(store, item) ?? []);
}

/** `PUT /v3/customers/addresses`: an update that would duplicate another address is skipped. */
export function updateAddresses(store: CustomerStore, items: AddressPut[]): CustomerAddress[] {
  const errors: Record<string, string> = {};
  items.forEach((item, index) => {
    if (!store.addresses.some((a) => a.id === item.id)) {
      errors[`${index}.id`] = 'The address does not exist.';
    }
  });
  refuse('Update addresses failed.', errors);
  return items.flatMap((item) => {
    const current = store.addresses.find((a) => a.id === item.id) as CustomerAddress;
    const { id: _id, ...fields } = item;
    const merged = toAddress(current.id, { ...current, ...definedOnly(fields) });
    if (duplicateOf(store, merged)) return [];
    Object.assign(current, merged);
    return [current];
  });
}

export function deleteAddresses(store: CustomerStore, ids: readonly number[]): void {
  const doomed = new Set(ids);
  const kept = store.addresses.filter((a) => !doomed.has(a.id));
  store.addresses.splice(0, store.addresses.length, ...kept);
}

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
