import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toCents } from '../../sandbox/carts/cents.js';
import { SANDBOX_COUPONS } from '../../sandbox/carts/coupons.js';
import { type Answer, startSandbox } from './helpers.js';

const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
const SPECS = new URL('../fixtures/bigcommerce/openapi/', import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: answers are read by path; their shapes are checked against the spec.
type Json = Record<string, any>;
let s: Awaited<ReturnType<typeof startSandbox>>;
let spec: OpenAPIBackend;

beforeAll(async () => {
  s = await startSandbox({ products: 10, quota: { requests: 10_000, windowMs: 60_000 } });
  spec = new OpenAPIBackend({
    definition: parse(readFileSync(new URL('promotions.v3.yml', SPECS), 'utf8')) as Document,
    quick: true,
    strict: false,
    // The code pattern's `\ ` escape is not valid in a unicode regular expression.
    ajvOpts: { unicodeRegExp: false },
    customizeAjv: (ajv) => {
      addFormats(ajv);
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

const couponPromotion = (name: string, discount: Json) => ({
  redemption_type: 'COUPON',
  name,
  rules: [{ action: { cart_value: { discount } } }],
});

async function checkoutWith(code: string): Promise<Answer<Json>> {
  const cart = (await send('POST', '/carts', { line_items: [{ product_id: 3, quantity: 2 }] })).body
    .data;
  return send('POST', `/checkouts/${cart.id}/coupons`, { coupon_code: code });
}

describe('sandbox promotions', () => {
  it('creates, reads, lists, updates and deletes a promotion in the spec shapes', async () => {
    const created = await send(
      'POST',
      '/promotions',
      couponPromotion('Spring', { percentage_amount: '15' }),
    );
    expect(created.status).toBe(201);
    const promo = ok('createPromotion', created);
    expect(promo).toMatchObject({ name: 'Spring', redemption_type: 'COUPON', status: 'ENABLED' });
    expect(ok('getPromotion', await send('GET', `/promotions/${promo.id}`)).id).toBe(promo.id);
    const list = await send('GET', '/promotions?limit=1');
    ok('getPromotions', list);
    expect(list.body.meta.pagination).toMatchObject({ per_page: 1, current_page: 1 });
    const updated = ok(
      'updatePromotion',
      await send('PUT', `/promotions/${promo.id}`, { name: 'Summer' }),
    );
    expect(updated.name).toBe('Summer');
    expect((await send('DELETE', `/promotions/${promo.id}`)).status).toBe(204);
    expect((await send('GET', `/promotions/${promo.id}`)).status).toBe(404);
    expect((await send('POST', '/promotions', { name: 'no rules' })).status).toBe(422);
  });

  it('a code created for a coupon promotion applies in the checkout; a taken code is a 409', async () => {
    const promo = (
      await send('POST', '/promotions', couponPromotion('Pct', { percentage_amount: '20' }))
    ).body.data;
    const code = await send('POST', `/promotions/${promo.id}/codes`, {
      code: 'TWENTY-OFF',
      max_uses: 5,
    });
    expect(code.status).toBe(201);
    expect(ok('createPromotionCode', code)).toMatchObject({ code: 'TWENTY-OFF', current_uses: 0 });
    const codes = ok('getPromotionCodes', await send('GET', `/promotions/${promo.id}/codes`));
    expect(codes.map((c: Json) => c.code)).toEqual(['TWENTY-OFF']);

    const applied = await checkoutWith('twenty-off');
    expect(applied.status).toBe(200);
    const checkout = applied.body.data;
    const subtotal = toCents(checkout.subtotal_ex_tax);
    expect(toCents(checkout.coupons[0].discounted_amount)).toBe(
      Math.floor((subtotal * 20 + 50) / 100),
    );
    expect(checkout.coupons[0].code).toBe('TWENTY-OFF');

    const taken = await send('POST', `/promotions/${promo.id}/codes`, { code: 'twenty-off' });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual({ code: 'is already in use' });
  });

  it('a fixed amount code takes that much off; disabled promotions and deleted codes do not apply', async () => {
    const promo = (
      await send('POST', '/promotions', couponPromotion('Fix', { fixed_amount: '3.50' }))
    ).body.data;
    const code = (await send('POST', `/promotions/${promo.id}/codes`, { code: 'THREE50' })).body
      .data;
    const applied = (await checkoutWith('THREE50')).body.data;
    expect(toCents(applied.coupons[0].discounted_amount)).toBe(350);

    await send('PUT', `/promotions/${promo.id}`, { status: 'DISABLED' });
    expect((await checkoutWith('THREE50')).status).toBe(400);
    await send('PUT', `/promotions/${promo.id}`, { status: 'ENABLED' });
    expect((await send('DELETE', `/promotions/${promo.id}/codes/${code.id}`)).status).toBe(204);
    expect((await checkoutWith('THREE50')).status).toBe(400);
  });

  it('keeps the seeded coupons', async () => {
    const applied = (await checkoutWith(SANDBOX_COUPONS.percentage.code)).body.data;
    expect(applied.coupons[0].code).toBe('SAVE10');
  });
});
