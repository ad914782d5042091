import { describe, expect, it } from 'vitest';
import { decimalAmount } from '../../../../src/money/decimal.js';
import { money, toPriceRange } from '../../../../src/schema/catalog/money.js';

describe('money', () => {
  it('writes the same amount in each currency’s own minor digits, however often it is asked', () => {
    for (let round = 0; round < 3; round++) {
      expect(money(12.5, 'USD')).toEqual({ amount: '12.50', currencyCode: 'USD' });
      expect(money(12.5, 'JPY')).toEqual({
        amount: decimalAmount(12.5, 'JPY'),
        currencyCode: 'JPY',
      });
      expect(money(1500, 'JPY').amount).toBe(decimalAmount(1500, 'JPY'));
    }
    expect(money(12.5, 'USD').amount).not.toBe(money(12.5, 'JPY').amount);
  });

  it('bounds a price range with the same amounts', () => {
    expect(toPriceRange([3, 1.5, 2], 'USD')).toEqual({
      min: { amount: '1.50', currencyCode: 'USD' },
      max: { amount: '3.00', currencyCode: 'USD' },
    });
  });
});
