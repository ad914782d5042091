import { GraphQLError, Kind } from 'graphql';
import {
  type Decimal,
  decimalAmount,
  decimalBounds,
  decimalFromString,
  isDecimal,
} from '../../money/decimal.js';
import { builder } from '../builder.js';

function refuse(what: string): never {
  throw new GraphQLError(
    `Decimal must be a string of a base-10 number such as "12.50", not ${what}`,
    {
      extensions: { code: 'BAD_USER_INPUT' },
    },
  );
}

// Strings only, both ways: a JSON number would have passed through a float on the way.
builder.scalarType('Decimal', {
  description:
    'A base-10 number written as a string, exact to the digit (e.g. "12.50"): an optional minus, digits, and optionally a point and more digits. Never a JSON number.',
  serialize: (value) => {
    if (typeof value !== 'string' || !isDecimal(value)) {
      throw new TypeError('Decimal answers must be decimal strings');
    }
    return value;
  },
  parseValue: (value) => {
    if (typeof value !== 'string') refuse(`a ${typeof value}`);
    if (!isDecimal(value)) refuse(JSON.stringify(value));
    return value;
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) refuse(`a ${node.kind.toLowerCase()} literal`);
    if (!isDecimal(node.value)) refuse(JSON.stringify(node.value));
    return node.value;
  },
});

export interface MoneyShape {
  amount: Decimal;
  currencyCode: string;
}

export const Money = builder.objectRef<MoneyShape>('Money').implement({
  description: 'An amount of money in the store currency.',
  fields: (t) => ({
    amount: t.field({
      type: 'Decimal',
      description:
        'The amount in major units, digit for digit as BigCommerce sent it, with at least the currency’s minor digits (e.g. "12.50"; "1500" in JPY).',
      resolve: (m) => m.amount,
    }),
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

/** Amounts already written, per currency: a listing shows the same prices on every request. */
const writtenAmounts = new Map<string, Map<number, Decimal>>();
/** Distinct amounts remembered per currency; past it the memo starts over. */
const MAX_AMOUNTS_PER_CURRENCY = 10_000;

/** `decimalAmount`, remembered. */
function amountOf(value: number, currencyCode: string): Decimal {
  let amounts = writtenAmounts.get(currencyCode);
  if (!amounts) {
    amounts = new Map();
    writtenAmounts.set(currencyCode, amounts);
  }
  let amount = amounts.get(value);
  if (amount === undefined) {
    amount = decimalAmount(value, currencyCode);
    if (amounts.size >= MAX_AMOUNTS_PER_CURRENCY) amounts.clear();
    amounts.set(value, amount);
  }
  return amount;
}

/** A `Money` from an upstream amount (a JSON number), as decimal text. */
export function money(value: number, currencyCode: string): MoneyShape {
  return { amount: amountOf(value, currencyCode), currencyCode };
}

/** A `Money` from an optional upstream amount; `null` and `undefined` mean none. */
export function toMoney(value: number | null | undefined, currencyCode: string): MoneyShape | null {
  return typeof value === 'number' ? money(value, currencyCode) : null;
}

/** The lowest and highest of some upstream amounts (at least one), compared exactly. */
export function toPriceRange(
  values: readonly [number, ...number[]],
  currencyCode: string,
): { min: MoneyShape; max: MoneyShape } {
  const [first, ...rest] = values;
  const amount = (value: number) => amountOf(value, currencyCode);
  const { min, max } = decimalBounds([amount(first), ...rest.map(amount)]);
  return { min: { amount: min, currencyCode }, max: { amount: max, currencyCode } };
}

/** A `Money` from an upstream amount sent as decimal text (orders v2, carts' strings). */
export function moneyFromText(text: string, currencyCode: string): MoneyShape {
  return { amount: decimalFromString(text, currencyCode), currencyCode };
}
