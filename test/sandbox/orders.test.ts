import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { historicalCheckout } from '../../sandbox/orders/seed.js';
import { type Answer, startSandbox } from './helpers.js';

const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
const SPEC = new URL('../fixtures/bigcommerce/openapi/orders.v2.oas2.yml', import.meta.url);
const RFC_2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const DECIMAL = /^-?\d+\.\d{4}$/;

type Started = Awaited<ReturnType<typeof startSandbox>>;
type Row = Record<string, unknown> & { id: number };
let s: Started;
let spec: OpenAPIBackend;

beforeAll(async () => {
  s = await startSandbox({ products: 10, quota: { requests: 10_000, windowMs: 60_000 } });
  spec = new OpenAPIBackend({
    definition: parse(readFileSync(SPEC, 'utf8')) as Document,
    quick: true,
    strict: false,
    customizeAjv: (ajv) => {
      addFormats(ajv);
      for (const name of ['int32', 'int64', 'float', 'double']) {
        ajv.addFormat(name, { type: 'number', validate: () => true });
      }
      return ajv;
    },
  });
  await spec.init();
});
afterAll(() => s?.sandbox.close());

async function send<T = Row>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const res = await fetch(`${s.sandbox.url}/stores/${s.sandbox.storeHash}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'X-Auth-Token': s.sandbox.accessToken,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Problems of an answer against the operation's response schema for its status. */
function conformance(answer: Answer, operationId: string): string[] {
  const result = spec.validator.validateResponse(answer.body, operationId, answer.status);
  return (result.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const place = (customerId: number, quantity = 2) =>
  s.sandbox.store.orders.createFromCheckout(
    historicalCheckout(
      s.sandbox.store,
      customerId,
      [{ productId: 3, quantity, priceCents: 2550 }],
      crypto.randomUUID(),
    ),
  );

describe('orders', () => {
  it('answer bare JSON in the spec’s shape: decimal strings, RFC 2822 dates, status_id with its name', async () => {
    const id = place(1);
    const answer = await send('GET', `/v2/orders/${id}`);
    expect(answer.status).toBe(200);
    expect(conformance(answer, 'getOrder')).toEqual([]);
    expect(answer.body).toMatchObject({ id, customer_id: 1, status_id: 1, status: 'Pending' });
    expect(answer.body.subtotal_ex_tax).toBe('51.0000');
    for (const field of ['total_inc_tax', 'total_ex_tax', 'total_tax', 'shipping_cost_inc_tax']) {
      expect(answer.body[field]).toMatch(DECIMAL);
    }
    expect(answer.body.date_created).toMatch(RFC_2822);
    expect(answer.body).not.toHaveProperty('data');
  });

  it('keep the checkout’s totals to the cent and take the stock', async () => {
    const store = s.sandbox.store;
    const product = store.getProduct(4)!;
    const tracked = product.inventory_tracking;
    const before =
      tracked === 'variant' ? store.variants.get(4)![0]!.inventory_level : product.inventory_level;
    const placed = historicalCheckout(
      store,
      1,
      [{ productId: 4, quantity: 3, priceCents: 1234 }],
      crypto.randomUUID(),
    );
    const id = store.orders.createFromCheckout(placed);
    const { body } = await send('GET', `/v2/orders/${id}`);
    expect(body.total_inc_tax).toBe(`${(placed.grandTotalCents / 100).toFixed(2)}00`);
    expect(body.subtotal_ex_tax).toBe('37.0200');
    expect(body.cart_id).toBe(placed.cartId);
    const after =
      tracked === 'variant' ? store.variants.get(4)![0]!.inventory_level : product.inventory_level;
    if (tracked !== 'none') expect(after).toBe(Math.max(0, (before ?? 0) - 3));
  });

  it('list with filters, sort with a direction, page, and answer an empty list with 204', async () => {
    const all = await send<Row[]>('GET', '/v2/orders?customer_id=1&limit=250');
    expect(conformance(all, 'getOrders')).toEqual([]);
    expect(all.body.length).toBeGreaterThanOrEqual(3);
    expect(all.body.every((o) => o.customer_id === 1)).toBe(true);
    const pending = await send<Row[]>('GET', '/v2/orders?customer_id=1&status_id=1');
    expect(pending.body.every((o) => o.status_id === 1)).toBe(true);
    const newest = await send<Row[]>(
      'GET',
      '/v2/orders?customer_id=1&sort=date_created:desc&limit=2',
    );
    expect(newest.body).toHaveLength(2);
    expect(Date.parse(String(newest.body[0]!.date_created))).toBeGreaterThanOrEqual(
      Date.parse(String(newest.body[1]!.date_created)),
    );
    const early = await send<Row[]>(
      'GET',
      `/v2/orders?max_date_created=${encodeURIComponent('Wed, 08 Jan 2025 00:00:00 +0000')}`,
    );
    expect(early.body.map((o) => o.id)).toEqual([100]);
    const byId = await send<Row[]>('GET', '/v2/orders?min_id=101&max_id=102');
    expect(byId.body.map((o) => o.id)).toEqual([101, 102]);
    const page2 = await send<Row[]>('GET', '/v2/orders?customer_id=1&limit=1&page=2');
    expect(page2.body.map((o) => o.id)).toEqual([all.body[1]!.id]);
    const none = await send('GET', '/v2/orders?customer_id=99999');
    expect(none.status).toBe(204);
    expect(none.body).toBeNull();
    const count = await send<{ count: number }>('GET', '/v2/orders/count?customer_id=1');
    expect(conformance(count, 'getOrdersCount')).toEqual([]);
    expect(count.body.count).toBe(all.body.length);
  });

  it('are checked for real: a wrong shape fails the spec’s response schema', () => {
    const wrong = { status: 200, headers: new Headers(), body: { id: 'x', subtotal_ex_tax: 1 } };
    expect(conformance(wrong, 'getOrder')).not.toEqual([]);
  });

  it('answer v2 errors as a bare array: an unknown order, a bad filter', async () => {
    const missing = await send('GET', '/v2/orders/999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([
      { status: 404, message: 'The requested resource was not found.' },
    ]);
    const bad = await send<{ status: number; message: string }[]>(
      'GET',
      '/v2/orders?status_id=paid',
    );
    expect(bad.status).toBe(400);
    expect(bad.body[0]).toMatchObject({ status: 400 });
  });

  it('serve their products and shipping addresses in the spec’s shapes', async () => {
    const id = place(1);
    const products = await send<Row[]>('GET', `/v2/orders/${id}/products`);
    expect(conformance(products, 'getOrderProducts')).toEqual([]);
    expect(products.body[0]).toMatchObject({
      order_id: id,
      product_id: 3,
      quantity: 2,
      price_ex_tax: '25.5000',
      total_ex_tax: '51.0000',
    });
    const addresses = await send<Row[]>('GET', `/v2/orders/${id}/shipping_addresses`);
    expect(conformance(addresses, 'getOrderShippingAddresses')).toEqual([]);
    expect(addresses.body[0]).toMatchObject({
      order_id: id,
      shipping_method: 'Flat Rate',
      cost_ex_tax: '10.0000',
    });
    expect(products.body[0]!.order_address_id).toBe(addresses.body[0]!.id);
  });

  it('change status with PUT; refuse an unknown status id', async () => {
    const id = place(1);
    const updated = await send('PUT', `/v2/orders/${id}`, { status_id: 9 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status_id: 9, status: 'Awaiting Shipment' });
    const refused = await send('PUT', `/v2/orders/${id}`, { status_id: 99 });
    expect(refused.status).toBe(400);
    expect((await send('GET', `/v2/orders/${id}`)).body.status_id).toBe(9);
  });
});

describe('shipments', () => {
  it('are created with a tracking number, carrier and items, listed and read; the order ships', async () => {
    const id = place(1, 3);
    expect((await send('GET', `/v2/orders/${id}/shipments`)).status).toBe(204);
    const [line] = (await send<Row[]>('GET', `/v2/orders/${id}/products`)).body;
    const [address] = (await send<Row[]>('GET', `/v2/orders/${id}/shipping_addresses`)).body;
    const first = await send('POST', `/v2/orders/${id}/shipments`, {
      order_address_id: address!.id,
      tracking_number: '1Z999AA10123456784',
      shipping_provider: 'ups',
      items: [{ order_product_id: line!.id, quantity: 1 }],
    });
    expect(first.status).toBe(201);
    expect(conformance(first, 'createOrderShipments')).toEqual([]);
    expect(first.body).toMatchObject({
      order_id: id,
      tracking_number: '1Z999AA10123456784',
      shipping_provider: 'ups',
    });
    expect(first.body.date_created).toMatch(RFC_2822);
    expect((await send('GET', `/v2/orders/${id}`)).body.status_id).toBe(3);
    await send('POST', `/v2/orders/${id}/shipments`, {
      order_address_id: address!.id,
      tracking_number: 'JD014600006281234567',
      tracking_carrier: 'dhl',
      items: [{ order_product_id: line!.id, quantity: 2 }],
    });
    const list = await send<Row[]>('GET', `/v2/orders/${id}/shipments`);
    expect(conformance(list, 'getOrderShipments')).toEqual([]);
    expect(list.body.map((sh) => sh.tracking_number)).toEqual([
      '1Z999AA10123456784',
      'JD014600006281234567',
    ]);
    const one = await send('GET', `/v2/orders/${id}/shipments/${first.body.id}`);
    expect(one.body).toEqual(first.body);
    const order = (await send('GET', `/v2/orders/${id}`)).body;
    expect(order).toMatchObject({ status_id: 2, items_shipped: 3 });
    expect(order.date_shipped).toMatch(RFC_2822);
  });

  it('refuse more than is left to ship, another address, and an unknown shipment', async () => {
    const id = place(1, 1);
    const [line] = (await send<Row[]>('GET', `/v2/orders/${id}/products`)).body;
    const [address] = (await send<Row[]>('GET', `/v2/orders/${id}/shipping_addresses`)).body;
    const tooMany = await send('POST', `/v2/orders/${id}/shipments`, {
      order_address_id: address!.id,
      tracking_number: 'x',
      items: [{ order_product_id: line!.id, quantity: 2 }],
    });
    expect(tooMany.status).toBe(400);
    expect(Array.isArray(tooMany.body)).toBe(true);
    const elsewhere = await send('POST', `/v2/orders/${id}/shipments`, {
      order_address_id: 987_654,
      items: [{ order_product_id: line!.id, quantity: 1 }],
    });
    expect(elsewhere.status).toBe(400);
    expect((await send('GET', `/v2/orders/${id}/shipments/987654`)).status).toBe(404);
    expect((await send('GET', `/v2/orders/${id}/shipments`)).status).toBe(204);
  });
});

describe('seed', () => {
  it('gives the demo customer delivered, shipped and paid orders, with tracking numbers', async () => {
    const { body } = await send<Row[]>('GET', '/v2/orders?customer_id=1&max_id=104');
    expect(body.map((o) => o.status_id)).toEqual([10, 2, 11]);
    const shipments = await send<Row[]>('GET', `/v2/orders/${body[0]!.id}/shipments`);
    expect(shipments.body[0]).toMatchObject({
      shipping_provider: 'ups',
      tracking_number: '1Z999AA10123456784',
    });
  });
});
