import { builder } from '../builder.js';

export interface MoneyShape {
  value: number;
  currencyCode: string;
}

export const Money = builder.objectRef<MoneyShape>('Money').implement({
  description: 'An amount of money in the store currency.',
  fields: (t) => ({
    value: t.exposeFloat('value', { description: 'The amount, in major units (e.g. 12.5).' }),
    currencyCode: t.exposeString('currencyCode', { description: 'ISO-4217 currency code.' }),
  }),
});

export const PriceRange = builder
  .objectRef<{ min: MoneyShape; max: MoneyShape }>('PriceRange')
  .implement({
    description: 'The lowest and highest price over a product and its variants.',
    fields: (t) => ({
      min: t.field({ type: Money, description: 'The lowest price.', resolve: (r) => r.min }),
      max: t.field({ type: Money, description: 'The highest price.', resolve: (r) => r.max }),
    }),
  });

/** A `Money` from an upstream amount; `null`, `undefined` and (for optional prices) 0 mean none. */
export function toMoney(value: number | null | undefined, currencyCode: string): MoneyShape | null {
  return typeof value === 'number' ? { value, currencyCode } : null;
}
