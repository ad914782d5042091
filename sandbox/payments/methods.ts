import type { SandboxStore } from '../store.js';

/** The one card gateway the sandbox accepts, in test mode, as `GET /v3/payments/methods` names it. */
export const CARD_METHOD_ID = 'braintree.card';

/** Test cards (the gateways' own): this one is approved... */
export const APPROVED_TEST_CARD = '4111111111111111';
/** ...and this one declined. Any other number is refused as invalid. */
export const DECLINED_TEST_CARD = '4000000000000002';

/** `paymentMethod_Full` items for an order: the card gateway with the customer's stored cards. */
export function acceptedMethods(store: SandboxStore, customerId: number) {
  const stored = customerId > 0 ? store.customers.storedInstrumentsOf(customerId) : [];
  return [
    {
      id: CARD_METHOD_ID,
      name: 'Braintree (Credit Card)',
      test_mode: true,
      type: 'card',
      supported_instruments: ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER', 'STORED_CARD'].map(
        (instrument_type) => ({ instrument_type, verification_value_required: false }),
      ),
      stored_instruments: stored.map((card) => ({
        type: card.type,
        brand: card.brand,
        expiry_month: card.expiry_month,
        expiry_year: card.expiry_year,
        issuer_identification_number: card.issuer_identification_number,
        last_4: card.last_4,
        token: card.token,
        is_default: card.is_default,
      })),
    },
  ];
}

/** Orders a payment may still be taken for: Incomplete (0) and Pending (1), not yet paid. */
export function isPayable(order: { statusId: number; payment: unknown }): boolean {
  return order.payment === null && (order.statusId === 0 || order.statusId === 1);
}
