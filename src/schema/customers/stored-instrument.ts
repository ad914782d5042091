import type { BcStoredCard } from '../../datasources/schemas/customers.js';
import { builder } from '../builder.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { CustomerRef } from './customer.js';

const StoredInstrumentRef = builder.objectRef<BcStoredCard>('StoredInstrument').implement({
  description:
    'A card the customer saved with the store’s payment provider. Card numbers never appear.',
  fields: (t) => ({
    token: t.exposeString('token', {
      description: 'Names the card to `payOrder` (`storedInstrumentToken`). Not a card number.',
    }),
    brand: t.string({
      description: 'Card brand (`VISA`), or empty.',
      resolve: (c) => c.brand ?? '',
    }),
    last4: t.string({ description: 'Last four digits.', resolve: (c) => c.last_4 ?? '' }),
    expiryMonth: t.int({
      nullable: true,
      description: 'Expiry month (1–12).',
      resolve: (c) => c.expiry_month ?? null,
    }),
    expiryYear: t.int({
      nullable: true,
      description: 'Expiry year.',
      resolve: (c) => c.expiry_year ?? null,
    }),
    isDefault: t.boolean({
      description: 'Whether it is the customer’s default card.',
      resolve: (c) => c.is_default ?? false,
    }),
  }),
});

builder.objectField(CustomerRef, 'storedInstruments', (t) =>
  t.field({
    type: [StoredInstrumentRef],
    description:
      'The customer’s saved cards: for the signed-in customer themself only, empty for anyone else (API keys included).',
    complexity: { field: UPSTREAM_CALL, multiplier: 1 },
    resolve: (customer, _args, ctx) => {
      const { viewer } = ctx;
      // Tokens let their holder pay: nobody but the card's owner is shown them, nor asks upstream.
      if (viewer.kind !== 'customer' || viewer.customerId !== customer.id) return [];
      return ctx.customerLoaders.storedCardsByCustomerId.load(customer.id);
    },
  }),
);
