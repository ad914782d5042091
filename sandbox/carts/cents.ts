/**
 * Money in cart and checkout state is integer cents. The catalog keeps prices as JSON numbers
 * (`31.86`), and the v3 answers carry JSON numbers again, so both crossings go through decimal
 * text: no float multiplication ever touches an amount.
 */

/** `31.86` → `3186`; a price with more than two decimals is rounded half up to the cent. */
export function toCents(value: number): number {
  const text = value.toFixed(3);
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const thousandths = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  const cents = Math.floor((thousandths + 5) / 10);
  return text.startsWith('-') ? -cents : cents;
}

/** `3186` → `31.86`, as a v3 answer writes it. */
export function fromCents(cents: number): number {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return Number(`${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`);
}

/** `amount × percent / 100`, rounded half up to the cent, in integers. */
export function percentOf(cents: number, percent: number): number {
  return Math.floor((cents * percent + 50) / 100);
}

/**
 * Splits `total` over `weights` in proportion, exactly: each share is rounded down and the cents
 * left over go to the largest remainders (first line first on ties), so the shares add up to
 * `total`.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  const order = weights
    .map((w, i) => ({ i, rest: (total * w) % sum }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares;
}
