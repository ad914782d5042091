/**
 * Money as decimal text. BigCommerce's catalog and customers APIs send amounts as JSON numbers;
 * the graph answers them as strings of base-10 digits. Nothing here does arithmetic on an amount:
 * a number becomes text through `String(n)` (the shortest form that reads back as the same
 * number) and its digits are then moved, padded or compared as text and integers.
 */

/** A base-10 number as text: an optional minus, digits, and optionally a point and more digits. */
export type Decimal = string;

const DECIMAL = /^-?\d+(\.\d+)?$/;
/** `String(n)` of a finite number: digits, an optional fraction, an optional exponent. */
const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

export function isDecimal(text: string): text is Decimal {
  return DECIMAL.test(text);
}

const minorDigitsByCurrency = new Map<string, number>();

/** How many fraction digits the currency's minor unit has: 2 for USD, 0 for JPY, 3 for KWD. */
export function minorDigits(currencyCode: string): number {
  const known = minorDigitsByCurrency.get(currencyCode);
  if (known !== undefined) return known;
  const { maximumFractionDigits } = new Intl.NumberFormat('en', {
    style: 'currency',
    currency: currencyCode,
  }).resolvedOptions();
  // ISO 4217's most common minor unit, should a runtime not say.
  const digits = maximumFractionDigits ?? 2;
  minorDigitsByCurrency.set(currencyCode, digits);
  return digits;
}

/**
 * The decimal text of an upstream number, with at least `minFractionDigits` fraction digits.
 * Longer fractions are kept as sent, never rounded: `19.999` stays `19.999`.
 */
export function decimalFromNumber(value: number, minFractionDigits: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError('An amount must be a finite number');
  const match = NUMBER_TEXT.exec(String(value));
  if (!match) throw new RangeError('An amount must be a finite number');
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  // Place the point among all the digits: `1.5e+21` is "15" with the point after 22 digits.
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  let intPart: string;
  let fracPart: string;
  if (point <= 0) {
    intPart = '0';
    fracPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    intPart = digits + '0'.repeat(point - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, point);
    fracPart = digits.slice(point);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  fracPart = fracPart.padEnd(minFractionDigits, '0');
  return fracPart ? `${sign}${intPart}.${fracPart}` : `${sign}${intPart}`;
}

/** The decimal text of an upstream amount in a currency: at least its minor-unit digits. */
export function decimalAmount(value: number, currencyCode: string): Decimal {
  return decimalFromNumber(value, minorDigits(currencyCode));
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`, exactly (`"1.50"` equals `"1.5"`). */
export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [aWhole, aFraction] = splitDecimal(a);
  const [bWhole, bFraction] = splitDecimal(b);
  // Both scaled to the same number of fraction digits, so they compare as integers.
  const scale = Math.max(aFraction.length, bFraction.length);
  const x = BigInt(aWhole + aFraction.padEnd(scale, '0'));
  const y = BigInt(bWhole + bFraction.padEnd(scale, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}

function splitDecimal(text: Decimal): [whole: string, fraction: string] {
  if (!isDecimal(text)) throw new RangeError(`Not a decimal: ${text}`);
  const [whole = '0', fraction = ''] = text.split('.');
  return [whole, fraction];
}

/** The lowest and the highest of some decimals (at least one). */
export function decimalBounds(values: readonly [Decimal, ...Decimal[]]): {
  min: Decimal;
  max: Decimal;
} {
  let [min, max] = [values[0], values[0]];
  for (const value of values) {
    if (compareDecimals(value, min) < 0) min = value;
    if (compareDecimals(value, max) > 0) max = value;
  }
  return { min, max };
}

/**
 * The decimal text of an upstream amount sent as a string (orders v2: `"361.9500"`), with exactly
 * the currency's minor digits when the extra ones are zeros (`"361.95"`), and every digit kept
 * when they are not: trailing zeros are dropped, nothing is rounded.
 */
export function decimalFromString(text: string, currencyCode: string): Decimal {
  const trimmed = text.trim();
  if (!isDecimal(trimmed)) throw new RangeError('An amount must be decimal text');
  const [whole = '0', fraction = ''] = trimmed.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace(/^-/, '').replace(/^0+(?=\d)/, '');
  const minor = minorDigits(currencyCode);
  const kept = fraction.replace(/0+$/, '').padEnd(minor, '0');
  const signed = /[1-9]/.test(digits + kept) ? sign : '';
  return kept ? `${signed}${digits}.${kept}` : `${signed}${digits}`;
}
