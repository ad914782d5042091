import type { BcPaymentMethod } from '../../datasources/schemas/payments.js';
import { builder } from '../builder.js';

export const PaymentMethodRef = builder.objectRef<BcPaymentMethod>('PaymentMethod');

PaymentMethodRef.implement({
  description: 'A way an order can be paid: a payment gateway and the instruments it takes.',
  fields: (t) => ({
    entityId: t.exposeString('id', {
      description:
        'BigCommerce’s method id (`braintree.card`): the `payment_method_id` to pay with.',
    }),
    name: t.exposeString('name', { description: 'Name shown to shoppers.' }),
    type: t.exposeString('type', { description: 'Kind of method (`card`, `store_credit`...).' }),
    isTestMode: t.exposeBoolean('test_mode', {
      description: 'Whether the gateway is in test mode.',
    }),
    supportedInstrumentTypes: t.stringList({
      description: 'Instruments it takes (`VISA`, `MASTERCARD`, `STORED_CARD`...).',
      resolve: (m) => m.supported_instruments.map((i) => i.instrument_type),
    }),
  }),
});
