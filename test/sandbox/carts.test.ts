import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toCents } from '../../sandbox/carts/cents.js';
import { type Answer, startSandbox } from './helpers.js';

const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
const SPECS = new URL('../fixtures/bigcommerce/openapi/', import.meta.url);

type Started = Awaited<ReturnType<typeof startSandbox>>;
// biome-ignore lint/suspicious/noExplicitAny: answers are read by path in assertions; their shapes are checked against the spec (sandbox) or by the assertions themselves.
type Json = Record<string, any>;
let s: Started;
let spec: OpenAPIBackend;

beforeAll(async () => {
  s = await startSandbox({ products: 30, quota: { requests: 10_000, windowMs: 60_000 } });
  spec = new OpenAPIBackend({
    definition: parse(readFileSync(new URL('carts.v3.yml', SPECS), 'utf8')) as Document,
    quick: true,
    strict: false,
    customizeAjv: (ajv) => {
      addFormats(ajv);
      // The spec's own non-standard formats ("UUID", "ISO-4217", "Url", "double"...).
      for (const name of [
        'int32',
        'int64',
        'float',
        'double',
        'UUID',
        'ISO-4217',
        'ISO-8601',
        'ISO-639',
        'Url',
        'url',
        'number',
      ]) {
        ajv.addFormat(name, { validate: () => true });
      }
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

function problems(operationId: string, answer: Answer): string[] {
  const result = spec.validator.validateResponse(answer.body, operationId, answer.status);
  return (result.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const create = (body: unknown, query = '') => send('POST', `/carts${query}`, body);

describe('POST /v3/carts', () => {
  it('creates a guest cart priced from the catalog, in the spec’s shape', async () => {
    const answer = await create(
      { line_items: [{ product_id: 1, variant_id: 2, quantity: 2 }] },
      '?include=redirect_urls,line_items.physical_items.options',
    );
    expect(answer.status).toBe(201);
    expect(problems('createCart', answer)).toEqual([]);
    expect(problems('createCart', { ...answer, body: { data: { id: 5 } } })).not.toEqual([]);
    const cart = answer.body.data;
    expect(cart.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(cart.customer_id).toBe(0);
    const variant = s.sandbox.store.getVariant(1, 2);
    const [item] = cart.line_items.physical_items;
    expect(item).toMatchObject({
      product_id: 1,
      variant_id: 2,
      quantity: 2,
      list_price: variant?.calculated_price,
    });
    expect(item.options).toHaveLength(2);
    expect(toCents(cart.base_amount)).toBe(toCents(variant?.calculated_price ?? 0) * 2);
    expect(cart.redirect_urls.checkout_url).toContain(`id=${cart.id}`);
    // Without the include, no options and no redirect URLs.
    const plain = await send('GET', `/carts/${cart.id}`);
    expect(plain.body.data.line_items.physical_items[0].options).toBeUndefined();
    expect(plain.body.data.redirect_urls).toBeUndefined();
  });

  it('creates a customer’s cart with customer_id, and refuses an unknown customer', async () => {
    const own = await create({ customer_id: 1, line_items: [{ product_id: 3, quantity: 1 }] });
    expect(own.body.data).toMatchObject({ customer_id: 1, email: 'demo@example.com' });
    const unknown = await create({
      customer_id: 999_999,
      line_items: [{ product_id: 3, quantity: 1 }],
    });
    expect(unknown.status).toBe(422);
  });

  it('checks variants and options', async () => {
    const needsVariant = await create({ line_items: [{ product_id: 1, quantity: 1 }] });
    expect(needsVariant.status).toBe(422);
    expect(needsVariant.body.errors).toHaveProperty(['line_items.0.variant_id']);
    const foreign = await create({ line_items: [{ product_id: 1, variant_id: 7, quantity: 1 }] });
    expect(foreign.status).toBe(422);
    const v = s.sandbox.store.getVariant(1, 3);
    const selections = (v?.option_values ?? []).map((o) => ({
      option_id: o.option_id,
      option_value: o.id,
    }));
    const byOptions = await create({
      line_items: [{ product_id: 1, quantity: 1, option_selections: selections }],
    });
    expect(byOptions.body.data.line_items.physical_items[0].variant_id).toBe(3);
    const mismatch = await create({
      line_items: [{ product_id: 1, variant_id: 2, quantity: 1, option_selections: selections }],
    });
    expect(mismatch.status).toBe(422);
    const disabled = await create({ line_items: [{ product_id: 5, variant_id: 10, quantity: 1 }] });
    expect(disabled.status).toBe(422);
  });

  it('checks stock as the product tracks it, and order quantity limits', async () => {
    // Product 2 tracks stock on the product (3 left); product 4 has none; variant 2 of product 1 has 9.
    expect((await create({ line_items: [{ product_id: 2, quantity: 3 }] })).status).toBe(201);
    const over = await create({ line_items: [{ product_id: 2, quantity: 4 }] });
    expect(over).toMatchObject({
      status: 422,
      body: { errors: { 'line_items.0.quantity': 'only 3 in stock' } },
    });
    expect((await create({ line_items: [{ product_id: 4, quantity: 1 }] })).body.title).toMatch(
      /out of stock/,
    );
    expect(
      (await create({ line_items: [{ product_id: 1, variant_id: 2, quantity: 10 }] })).status,
    ).toBe(422);
    s.sandbox.store.updateProduct(3, { order_quantity_minimum: 2, order_quantity_maximum: 4 });
    try {
      expect((await create({ line_items: [{ product_id: 3, quantity: 1 }] })).body.title).toMatch(
        /minimum of 2/,
      );
      expect((await create({ line_items: [{ product_id: 3, quantity: 5 }] })).body.title).toMatch(
        /maximum of 4/,
      );
      expect((await create({ line_items: [{ product_id: 3, quantity: 4 }] })).status).toBe(201);
    } finally {
      s.sandbox.store.updateProduct(3, { order_quantity_minimum: 0, order_quantity_maximum: 0 });
    }
  });

  it('refuses a body without items or with a bad quantity (422 naming the field)', async () => {
    expect((await create({})).body.errors).toHaveProperty(['line_items']);
    expect(
      (await create({ line_items: [{ product_id: 3, quantity: 0 }] })).body.errors,
    ).toHaveProperty(['line_items.0.quantity']);
  });
});

describe('a cart’s items, customer and redirect URLs', () => {
  it('adds (merging the same variant), updates, deletes, and deletes the cart with its last item', async () => {
    const cart = (await create({ line_items: [{ product_id: 3, quantity: 1 }] })).body.data;
    const added = await send('POST', `/carts/${cart.id}/items`, {
      line_items: [
        { product_id: 3, quantity: 2 },
        { product_id: 1, variant_id: 1, quantity: 1 },
      ],
    });
    expect(added.status).toBe(201);
    expect(problems('addCartLineItems', added)).toEqual([]);
    const items = added.body.data.line_items.physical_items;
    expect(items.map((i: Json) => i.quantity)).toEqual([3, 1]);
    expect(added.body.data.version).toBe(2);

    const updated = await send('PUT', `/carts/${cart.id}/items/${items[0].id}`, {
      line_item: { product_id: 3, quantity: 5 },
    });
    expect(problems('updateCartLineItem', updated)).toEqual([]);
    expect(updated.body.data.line_items.physical_items[0].quantity).toBe(5);

    const stale = await send('PUT', `/carts/${cart.id}/items/${items[0].id}`, {
      line_item: { product_id: 3, quantity: 1 },
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(problems('updateCartLineItem', stale)).toEqual([]);

    const one = await send('DELETE', `/carts/${cart.id}/items/${items[0].id}`);
    expect(one.status).toBe(200);
    const last = await send('DELETE', `/carts/${cart.id}/items/${items[1].id}`);
    expect(last.status).toBe(204);
    expect((await send('GET', `/carts/${cart.id}`)).status).toBe(404);
  });

  it('assigns a customer with PUT and makes redirect URLs', async () => {
    const cart = (await create({ line_items: [{ product_id: 3, quantity: 1 }] })).body.data;
    const put = await send('PUT', `/carts/${cart.id}`, { customer_id: 1 });
    expect(put.status).toBe(201);
    expect(problems('updateCart', put)).toEqual([]);
    expect(put.body.data.customer_id).toBe(1);
    const urls = await send('POST', `/carts/${cart.id}/redirect_urls`, {});
    expect(urls.status).toBe(201);
    expect(problems('createCartRedirectURL', urls)).toEqual([]);
    expect(Object.keys(urls.body.data).sort()).toEqual([
      'cart_url',
      'checkout_url',
      'embedded_checkout_url',
    ]);
    expect((await send('DELETE', `/carts/${cart.id}`)).status).toBe(204);
    expect((await send('GET', `/carts/${cart.id}`)).body).toMatchObject({
      status: 404,
      title: expect.any(String),
    });
  });
});
