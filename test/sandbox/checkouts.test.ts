import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toCents } from '../../sandbox/carts/cents.js';
import { SANDBOX_COUPONS } from '../../sandbox/carts/coupons.js';
import { TAX_RATE_PERCENT } from '../../sandbox/carts/pricing.js';
import { type Answer, startSandbox } from './helpers.js';

const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
const SPECS = new URL('../fixtures/bigcommerce/openapi/', import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: answers are read by path in assertions; their shapes are checked against the spec (sandbox) or by the assertions themselves.
type Json = Record<string, any>;
let s: Awaited<ReturnType<typeof startSandbox>>;
let spec: OpenAPIBackend;

beforeAll(async () => {
  s = await startSandbox({ products: 30, quota: { requests: 10_000, windowMs: 60_000 } });
  spec = new OpenAPIBackend({
    definition: parse(readFileSync(new URL('checkouts.v3.yml', SPECS), 'utf8')) as Document,
    quick: true,
    strict: false,
    // The spec's phone pattern (`\d{1-5}`) is not a valid unicode regular expression.
    ajvOpts: { unicodeRegExp: false },
    customizeAjv: (ajv) => {
      addFormats(ajv);
      for (const name of ['int32', 'int64', 'float', 'double'])
        ajv.addFormat(name, { validate: () => true });
      return ajv;
    },
  });
  await spec.init();
});
afterAll(() => s?.sandbox.close());

async function send(method: string, path: string, body?: unknown): Promise<Answer<Json>> {
  const res = await fetch(`${s.sandbox.url}/stores/${s.sandbox.storeHash}/v3${path}`, {
    method,
    headers: {
      'X-Auth-Token': s.sandbox.accessToken,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
const ok = (operationId: string, answer: Answer) => {
  const result = spec.validator.validateResponse(answer.body, operationId, answer.status);
  expect((result.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  return (answer.body as Json).data as Json;
};

const ADDRESS = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.com',
  address1: '12 Analytical Row',
  city: 'London',
  state_or_province: 'Greater London',
  postal_code: 'N1 9GU',
  country_code: 'GB',
};

async function cartOf(items: Json[]): Promise<Json> {
  return (await send('POST', '/carts', { line_items: items })).body.data;
}

describe('checkouts', () => {
  it('runs a whole checkout with consistent totals, then places the order and removes the cart', async () => {
    const cart = await cartOf([
      { product_id: 3, quantity: 2 },
      { product_id: 1, variant_id: 1, quantity: 1 },
    ]);
    const id = cart.id;
    const fresh = ok('getCheckout', await send('GET', `/checkouts/${id}`));
    expect(fresh).toMatchObject({ id, subtotal_ex_tax: cart.base_amount, consignments: [] });
    expect(fresh.billing_address).toBeUndefined();

    const billed = ok(
      'addCheckoutBillingAddress',
      await send('POST', `/checkouts/${id}/billing-address`, ADDRESS),
    );
    expect(billed.billing_address).toMatchObject({ city: 'London', country_code: 'GB' });
    const moved = ok(
      'updateCheckoutBillingAddress',
      await send('PUT', `/checkouts/${id}/billing-address/${billed.billing_address.id}`, {
        ...ADDRESS,
        city: 'Leeds',
      }),
    );
    expect(moved.billing_address.city).toBe('Leeds');

    const items = cart.line_items.physical_items.map((i: Json) => ({
      item_id: i.id,
      quantity: i.quantity,
    }));
    const consigned = ok(
      'addCheckoutConsignment',
      await send(
        'POST',
        `/checkouts/${id}/consignments?include=consignments.available_shipping_options`,
        [{ address: ADDRESS, line_items: items }],
      ),
    );
    const [c] = consigned.consignments;
    expect(c.line_item_ids).toHaveLength(2);
    const flat = c.available_shipping_options.find((o: Json) => o.description === 'Flat Rate');
    const chosen = ok(
      'updateCheckoutConsignment',
      await send('PUT', `/checkouts/${id}/consignments/${c.id}`, { shipping_option_id: flat.id }),
    );
    expect(chosen.consignments[0].selected_shipping_option.id).toBe(flat.id);
    const bad = await send('PUT', `/checkouts/${id}/consignments/${c.id}`, {
      shipping_option_id: 'nope',
    });
    expect(bad.status).toBe(422);

    const coupon = ok(
      'addCheckoutCoupon',
      await send('POST', `/checkouts/${id}/coupons`, {
        coupon_code: SANDBOX_COUPONS.fixedAmount.code,
      }),
    );
    const cents = (n: number) => toCents(n);
    expect(cents(coupon.coupons[0].discounted_amount)).toBe(500);
    const lineNet = cents(coupon.subtotal_ex_tax) - 500;
    // Tax per line rounded: within a cent per line of the rate on the whole.
    expect(
      Math.abs(cents(coupon.tax_total) - Math.round(((lineNet + 1000) * TAX_RATE_PERCENT) / 100)),
    ).toBeLessThanOrEqual(2);
    expect(cents(coupon.grand_total)).toBe(
      lineNet + cents(coupon.shipping_cost_total_ex_tax) + cents(coupon.tax_total),
    );
    expect((await send('POST', `/checkouts/${id}/coupons`, { coupon_code: 'NOPE' })).status).toBe(
      400,
    );
    expect(
      (await send('POST', `/checkouts/${id}/coupons`, { coupon_code: 'x', version: 1 })).status,
    ).toBe(409);

    const placed = await send('POST', `/checkouts/${id}/orders`);
    const order = ok('createOrder', placed);
    expect(order.id).toEqual(expect.any(Number));
    expect((await send('GET', `/checkouts/${id}`)).status).toBe(404);
  });

  it('refuses to place an incomplete checkout, naming what is missing', async () => {
    const cart = await cartOf([{ product_id: 3, quantity: 1 }]);
    const answer = await send('POST', `/checkouts/${cart.id}/orders`);
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors)).toEqual(['billing_address', 'consignments']);
    expect(s.sandbox.store.carts.find(cart.id)).toBeDefined();
  });

  it('removes coupons and consignments', async () => {
    const cart = await cartOf([{ product_id: 3, quantity: 1 }]);
    await send('POST', `/checkouts/${cart.id}/coupons`, {
      coupon_code: SANDBOX_COUPONS.percentage.code,
    });
    const removed = ok(
      'deleteCheckoutCoupon',
      await send('DELETE', `/checkouts/${cart.id}/coupons/${SANDBOX_COUPONS.percentage.code}`),
    );
    expect(removed.coupons).toEqual([]);
    const items = [{ item_id: cart.line_items.physical_items[0].id, quantity: 1 }];
    const added = ok(
      'addCheckoutConsignment',
      await send('POST', `/checkouts/${cart.id}/consignments`, [
        { address: ADDRESS, line_items: items },
      ]),
    );
    const gone = ok(
      'deleteCheckoutConsignment',
      await send('DELETE', `/checkouts/${cart.id}/consignments/${added.consignments[0].id}`),
    );
    expect(gone.consignments).toEqual([]);
  });
});
