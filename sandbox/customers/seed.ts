import { cents, type Random } from '../prng.js';
import type { Customer, CustomerAddress, StoreCreditAmounts } from './model.js';

/** How many customers the sandbox seeds; the first is the demo customer. */
export const SEEDED_CUSTOMERS = 40;

/**
 * The well-known shopper of the demo and the tests: customer 1. Not a secret; the sandbox prints it.
 */
export const DEMO_CUSTOMER_CREDENTIALS = {
  email: 'demo@example.com',
  password: 'sandbox-demo-password',
} as const;

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas'];
const LAST = ['Moreau', 'Okafor', 'Lindqvist', 'Tanaka', 'Silva', 'Novak', 'Haddad', 'Kowalski'];
const COMPANIES = ['Northwind Traders', 'Bluebird Studio', 'Cedar & Co', 'Harbor Supply'];
const WORDS = ['amber', 'birch', 'cobalt', 'dune', 'ember', 'fjord', 'garnet', 'harbor'];
const PLACES = [
  { city: 'Austin', state: 'Texas', zip: '787', country_code: 'US', country: 'United States' },
  { city: 'Portland', state: 'Oregon', zip: '972', country_code: 'US', country: 'United States' },
  { city: 'Denver', state: 'Colorado', zip: '802', country_code: 'US', country: 'United States' },
  { city: 'Toronto', state: 'Ontario', zip: 'M5V', country_code: 'CA', country: 'Canada' },
  {
    city: 'Leeds',
    state: 'West Yorkshire',
    zip: 'LS1',
    country_code: 'GB',
    country: 'United Kingdom',
  },
];
const STREETS = ['Main Street', 'Oak Avenue', 'Harbor Road', 'Mill Lane', 'Elm Court'];
// Customers v3 dates carry `Z`, unlike the catalog's `+00:00`.
const EPOCH = Date.UTC(2023, 0, 1);
const DAY = 86_400_000;

export interface SeededCustomer {
  customer: Customer;
  addresses: CustomerAddress[];
  storeCredit: StoreCreditAmounts;
  /** Handed to the credential vault, which keeps only a hash of it. */
  password: string;
}

export const customersDate = (ms: number): string =>
  new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One customer; address ids come from `nextAddressId` so they stay unique across customers. */
export function seedCustomer(
  random: Random,
  id: number,
  nextAddressId: () => number,
): SeededCustomer {
  const demo = id === 1;
  const first = demo ? 'Demo' : random.pick(FIRST);
  const last = demo ? 'Shopper' : random.pick(LAST);
  const company = demo ? 'Sandbox Store' : random.chance(0.4) ? random.pick(COMPANIES) : '';
  const phone = `555-01${String(id).padStart(2, '0')}`;
  const created = EPOCH + random.int(0, 400) * DAY + random.int(0, DAY - 1);
  // A tenth of the customers may use the second storefront too; a few use only that one.
  const channels = random.chance(0.1) ? [2] : random.chance(0.1) ? [1, 2] : [1];
  const customer: Customer = {
    id,
    email: demo
      ? DEMO_CUSTOMER_CREDENTIALS.email
      : `${first}.${last}.${id}@example.com`.toLowerCase(),
    first_name: first,
    last_name: last,
    company,
    phone,
    registration_ip_address: demo || random.chance(0.5) ? '' : `203.0.113.${random.int(1, 254)}`,
    notes: '',
    tax_exempt_category: '',
    customer_group_id: demo ? 1 : random.pick([0, 0, 1, 2]),
    date_created: customersDate(created),
    date_modified: customersDate(created + random.int(0, 90) * DAY),
    authentication: { force_password_reset: false },
    accepts_product_review_abandoned_cart_emails: random.chance(0.5),
    origin_channel_id: channels[0] ?? 1,
    channel_ids: demo ? [1] : channels,
  };
  const addresses = Array.from({ length: random.int(1, 2) }, (_, i) =>
    seedAddress(random, customer, nextAddressId(), i === 0 ? 'residential' : 'commercial'),
  );
  const credit = demo ? 25 : random.chance(0.3) ? cents(random.int(500, 10_000) / 100) : 0;
  const password = demo
    ? DEMO_CUSTOMER_CREDENTIALS.password
    : `${random.pick(WORDS)}-${random.pick(WORDS)}-${random.int(1000, 9999)}`;
  return { customer, addresses, storeCredit: [{ amount: credit }], password };
}

function seedAddress(
  random: Random,
  customer: Customer,
  id: number,
  address_type: CustomerAddress['address_type'],
): CustomerAddress {
  const place = random.pick(PLACES);
  return {
    id,
    customer_id: customer.id,
    first_name: customer.first_name,
    last_name: customer.last_name,
    company: address_type === 'commercial' ? customer.company : '',
    address1: `${random.int(1, 999)} ${random.pick(STREETS)}`,
    address2: random.chance(0.3) ? `Unit ${random.int(1, 40)}` : '',
    city: place.city,
    state_or_province: place.state,
    postal_code:
      place.country_code === 'US'
        ? `${place.zip}${random.int(10, 99)}`
        : `${place.zip} ${random.int(1, 9)}AB`,
    country_code: place.country_code,
    country: place.country,
    phone: customer.phone,
    address_type,
  };
}
