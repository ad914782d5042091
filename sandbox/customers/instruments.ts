import { createHash } from 'node:crypto';
import type { Customer, CustomerAddress } from './model.js';

/**
 * `CardInstrument` of `customers.v3.yml` (`GET /v3/customers/{customerId}/stored-instruments`).
 * The sandbox stores cards only; PayPal and bank account instruments are never seeded.
 */
export interface StoredCard {
  type: 'stored_card';
  token: string;
  is_default: boolean;
  brand: string;
  expiry_month: number;
  expiry_year: number;
  issuer_identification_number: string;
  last_4: string;
  billing_address: {
    first_name: string;
    last_name: string;
    email: string;
    company: string;
    address1: string;
    address2: string;
    city: string;
    postal_code: string;
    state_or_province: string;
    state_or_province_code: string;
    country_code: string;
    phone: string;
  };
}

// Tokens are derived, not drawn from the customers' PRNG, so adding cards leaves every other
// seeded value of a seed unchanged, and the demo card's token is the same in every sandbox.
const tokenFor = (customerId: number, index: number): string =>
  createHash('sha256').update(`sandbox-stored-card:${customerId}:${index}`).digest('hex');

/** The demo customer's (id 1) default card: a VISA ending 1111 that payments accept. */
export const DEMO_STORED_CARD_TOKEN = tokenFor(1, 0);

const CARDS = [
  { brand: 'VISA', iin: '411111', last_4: '1111' },
  { brand: 'MASTERCARD', iin: '555555', last_4: '4444' },
  { brand: 'AMEX', iin: '378282', last_4: '0005' },
] as const;

/** Customers with a saved card: the demo customer has two, every third customer after it one. */
export function seedStoredCards(customer: Customer, addresses: CustomerAddress[]): StoredCard[] {
  const count = customer.id === 1 ? 2 : customer.id % 3 === 0 ? 1 : 0;
  return Array.from({ length: count }, (_, index) => {
    const card = CARDS[(Math.floor(customer.id / 3) + index) % CARDS.length] ?? CARDS[0];
    return toStoredCard(customer, addresses[0], index, card);
  });
}

function toStoredCard(
  customer: Customer,
  address: CustomerAddress | undefined,
  index: number,
  card: (typeof CARDS)[number],
): StoredCard {
  return {
    type: 'stored_card',
    token: tokenFor(customer.id, index),
    is_default: index === 0,
    brand: card.brand,
    expiry_month: ((customer.id + index * 5) % 12) + 1,
    expiry_year: 2030 + ((customer.id + index) % 4),
    issuer_identification_number: card.iin,
    last_4: card.last_4,
    billing_address: {
      first_name: customer.first_name,
      last_name: customer.last_name,
      email: customer.email,
      company: customer.company,
      address1: address?.address1 ?? '',
      address2: address?.address2 ?? '',
      city: address?.city ?? '',
      postal_code: address?.postal_code ?? '',
      state_or_province: address?.state_or_province ?? '',
      state_or_province_code: '',
      country_code: address?.country_code ?? '',
      phone: customer.phone,
    },
  };
}
