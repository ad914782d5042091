import { decimalFromString } from '../../money/decimal.js';

/**
 * v2 dates are RFC 2822 (`Tue, 05 Mar 2019 21:40:43 +0000`); the graph's `DateTime` is ISO 8601.
 * A date that does not parse is an upstream fault, not something to pass on as is.
 */
export function isoFromRfc2822(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error('An order date is not an RFC 2822 date');
  return new Date(ms).toISOString();
}

/**
 * The exact sum of decimal texts (`"5.0000" + "1.2500"`), in integers scaled to the longest
 * fraction: no float ever holds money. Written with the currency's minor digits.
 */
export function sumDecimalTexts(texts: readonly string[], currencyCode: string): string {
  const parts = texts.map((text) => {
    const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
    return { negative: text.startsWith('-'), whole, fraction };
  });
  const scale = Math.max(0, ...parts.map((p) => p.fraction.length));
  let total = 0n;
  for (const { negative, whole, fraction } of parts) {
    const scaled = BigInt(whole + fraction.padEnd(scale, '0'));
    total += negative ? -scaled : scaled;
  }
  const sign = total < 0n ? '-' : '';
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0');
  const text =
    scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(digits.length - scale)}`;
  return decimalFromString(`${sign}${text}`, currencyCode);
}
