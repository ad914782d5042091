import { describe, expect, it } from 'vitest';
import {
  compareDecimals,
  decimalAmount,
  decimalBounds,
  decimalFromNumber,
  decimalFromString,
  isDecimal,
  minorDigits,
} from '../../../src/money/decimal.js';

describe('decimalFromNumber', () => {
  it.each([
    [0.1, '0.10'],
    [19.99, '19.99'],
    [12.5, '12.50'],
    [0, '0.00'],
    [-0, '0.00'],
    [7, '7.00'],
    [1500, '1500.00'],
    [-4.5, '-4.50'],
    [-0.05, '-0.05'],
    [1e21, '1000000000000000000000.00'],
    [1.5e21, '1500000000000000000000.00'],
    [-2.25e22, '-22500000000000000000000.00'],
    [5e-7, '0.0000005'],
    [1.234e-7, '0.0000001234'],
    [-5e-7, '-0.0000005'],
    [123456789.123456, '123456789.123456'],
    [9007199254740994, '9007199254740994.00'],
    [0.1234567890123456, '0.1234567890123456'],
    [19.999, '19.999'],
  ])('writes %s as "%s" with two minor digits', (value, expected) => {
    expect(decimalFromNumber(value, 2)).toBe(expected);
  });

  it('writes the shortest digits of the number, never a sum’s float noise', () => {
    // 0.1 + 0.2 is a different double from 0.3; what upstream sends as 0.3 is written "0.30".
    expect(decimalFromNumber(0.3, 2)).toBe('0.30');
    expect(decimalFromNumber(0.1 + 0.2, 2)).toBe('0.30000000000000004');
  });

  it('pads to the minor digits asked for, and leaves integers whole for none', () => {
    expect(decimalFromNumber(1500, 0)).toBe('1500');
    expect(decimalFromNumber(12.5, 0)).toBe('12.5');
    expect(decimalFromNumber(1.2, 3)).toBe('1.200');
    expect(decimalFromNumber(1e21, 0)).toBe('1000000000000000000000');
  });

  it('refuses what is not a finite number', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => decimalFromNumber(value, 2)).toThrow(RangeError);
    }
  });

  it('answers decimal text for every number it writes', () => {
    for (const value of [0.1, 1e21, 5e-7, -3, 2 ** 70, Number.MIN_VALUE, Number.MAX_VALUE]) {
      expect(isDecimal(decimalFromNumber(value, 2)), String(value)).toBe(true);
    }
  });
});

describe('decimalAmount', () => {
  it('uses the currency’s minor digits', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(decimalAmount(12.5, 'USD')).toBe('12.50');
    expect(decimalAmount(1500, 'JPY')).toBe('1500');
    expect(decimalAmount(1.2, 'KWD')).toBe('1.200');
  });
});

describe('isDecimal', () => {
  it.each(['0', '12', '12.50', '-0.5', '000.10', '1000000000000000000000.00'])(
    'accepts %s',
    (text) => expect(isDecimal(text)).toBe(true),
  );
  it.each(['', '.5', '5.', '+1', '1e3', '1,50', ' 1', '1 ', '--1', 'NaN', 'Infinity', '0x10'])(
    'refuses "%s"',
    (text) => expect(isDecimal(text)).toBe(false),
  );
});

describe('compareDecimals', () => {
  it.each([
    ['9.50', '100.00', -1],
    ['100.00', '9.50', 1],
    ['1.5', '1.50', 0],
    ['-0.5', '0.10', -1],
    ['-10', '-9.99', -1],
    ['0.30000000000000004', '0.30', 1],
    ['1000000000000000000001.00', '1000000000000000000000.99', 1],
    ['0.0000005', '0.0000004', 1],
  ] as const)('compares %s with %s as %i', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
  });

  it('refuses what is not decimal text', () => {
    expect(() => compareDecimals('1e3', '1')).toThrow(RangeError);
  });
});

describe('decimalBounds', () => {
  it('finds the lowest and highest by value, not by text', () => {
    expect(decimalBounds(['10.25', '9.50', '100.00', '-1.00'])).toEqual({
      min: '-1.00',
      max: '100.00',
    });
    expect(decimalBounds(['7.00'])).toEqual({ min: '7.00', max: '7.00' });
  });
});

describe('decimalFromString (orders v2 amounts)', () => {
  it('drops zeros past the minor unit and rounds nothing', () => {
    expect(decimalFromString('361.9500', 'USD')).toBe('361.95');
    expect(decimalFromString('0.0000', 'USD')).toBe('0.00');
    expect(decimalFromString('12', 'USD')).toBe('12.00');
    expect(decimalFromString('19.9990', 'USD')).toBe('19.999');
    expect(decimalFromString('1500.0000', 'JPY')).toBe('1500');
    expect(decimalFromString('-5.5000', 'USD')).toBe('-5.50');
    expect(decimalFromString('-0.0000', 'USD')).toBe('0.00');
    expect(decimalFromString('007.10', 'USD')).toBe('7.10');
  });

  it('refuses what is not decimal text', () => {
    expect(() => decimalFromString('12,50', 'USD')).toThrow(RangeError);
    expect(() => decimalFromString('1e3', 'USD')).toThrow(RangeError);
  });
});
