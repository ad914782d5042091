import { type Decimal, decimalAmount, minorDigits } from '../../money/decimal.js';
import type { MoneyShape } from '../catalog/money.js';

/**
 * Sums and differences of upstream amounts, exactly: each JSON number becomes decimal text
 * (`decimalAmount`), the texts are scaled to one integer (BigInt) and added there. Never a float
 * addition, which would turn 0.1 + 0.2 into 0.30000000000000004.
 */
export function sumMoney(
  values: readonly number[],
  currencyCode: string,
  negate: readonly number[] = [],
): MoneyShape {
  const texts = [...values, ...negate].map((v) => decimalAmount(v, currencyCode));
  const scale = Math.max(
    minorDigits(currencyCode),
    ...texts.map((t) => (t.split('.')[1] ?? '').length),
  );
  const scaled = (text: Decimal): bigint => {
    const [whole = '0', fraction = ''] = text.split('.');
    const sign = whole.startsWith('-') ? -1n : 1n;
    return sign * BigInt(whole.replace('-', '') + fraction.padEnd(scale, '0'));
  };
  let total = 0n;
  texts.forEach((text, i) => {
    total += i < values.length ? scaled(text) : -scaled(text);
  });
  return { amount: fromScaled(total, scale), currencyCode };
}

function fromScaled(value: bigint, scale: number): Decimal {
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, '0');
  if (scale === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
