import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_STORED_CARD_TOKEN } from '../../sandbox/customers/instruments.js';
import { historicalCheckout } from '../../sandbox/orders/seed.js';
import { type Answer, startSandbox } from './helpers.js';

const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
const SPECS = new URL('../fixtures/bigcommerce/openapi/payments/', import.meta.url);
const VND = 'application/vnd.bc.v1+json';

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started;
const specs: Record<string, OpenAPIBackend> = {};

/** A payments spec, without OAS 3.0's boolean `exclusiveMinimum: false` the validator cannot compile. */
async function loadSpec(file: string): Promise<OpenAPIBackend> {
  const text = readFileSync(new URL(file, SPECS), 'utf8').replace(
    /^\s*exclusive(Maximum|Minimum): false\n/gm,
    '',
  );
  const api = new OpenAPIBackend({
    definition: parse(text) as Document,
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
  await api.init();
  return api;
}

beforeAll(async () => {
  s = await startSandbox({ products: 10, quota: { requests: 10_000, windowMs: 60_000 } });
  specs.tokens = await loadSpec('access-tokens_payments.v3.yml');
  specs.methods = await loadSpec('accepted-methods_payments.v3.yml');
  specs.process = await loadSpec('process_payments.yml');
});
afterAll(() => s?.sandbox.close());

function conformance(
  api: OpenAPIBackend | undefined,
  answer: Answer,
  operationId: string,
): string[] {
  const result = api!.validator.validateResponse(answer.body, operationId, answer.status);
  return (result.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

async function call<T = Record<string, unknown>>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const res = await fetch(`${s.sandbox.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

const api = <T = Record<string, unknown>>(path: string, method = 'GET', body?: unknown) =>
  call<T>(`/stores/${s.sandbox.storeHash}${path}`, {
    method,
    body,
    headers: { Accept: 'application/json', 'X-Auth-Token': s.sandbox.accessToken },
  });

const place = (customerId: number) =>
  s.sandbox.store.orders.createFromCheckout(
    historicalCheckout(
      s.sandbox.store,
      customerId,
      [{ productId: 5, quantity: 1, priceCents: 4200 }],
      crypto.randomUUID(),
    ),
  );

async function tokenFor(orderId: number): Promise<string> {
  const answer = await api<{ data: { id: string } }>('/v3/payments/access_tokens', 'POST', {
    order: { id: orderId },
  });
  expect(answer.status).toBe(201);
  return answer.body.data.id;
}

const card = (number: string) => ({
  type: 'card',
  number,
  cardholder_name: 'Jane Doe',
  expiry_month: 12,
  expiry_year: 2030,
  verification_value: '123',
});

const pay = (token: string | null, instrument: unknown, accept = VND) =>
  call<Record<string, unknown>>(`/stores/${s.sandbox.storeHash}/payments`, {
    method: 'POST',
    headers: { Accept: accept, ...(token === null ? {} : { Authorization: `PAT ${token}` }) },
    body: { payment: { instrument, payment_method_id: 'braintree.card' } },
  });

const status = (orderId: number) => s.sandbox.store.orders.get(orderId)?.statusId;

describe('payment access tokens and methods (API origin)', () => {
  it('issue a token for an unpaid order in the spec’s shape; 404 for an unknown order', async () => {
    const id = place(1);
    const answer = await api('/v3/payments/access_tokens', 'POST', { order: { id } });
    expect(answer.status).toBe(201);
    expect(conformance(specs.tokens, answer, 'createPaymentAccessToken')).toEqual([]);
    expect(
      (await api('/v3/payments/access_tokens', 'POST', { order: { id: 999_999 } })).status,
    ).toBe(404);
    expect((await api('/v3/payments/access_tokens', 'POST', { order: {} })).status).toBe(422);
  });

  it('list the accepted methods with the order customer’s stored cards only', async () => {
    const mine = await api<{ data: { id: string; stored_instruments: { token: string }[] }[] }>(
      `/v3/payments/methods?order_id=${place(1)}`,
    );
    expect(mine.status).toBe(200);
    expect(conformance(specs.methods, mine, 'getPaymentMethods')).toEqual([]);
    expect(mine.body.data[0]!.stored_instruments.map((i) => i.token)).toContain(
      DEMO_STORED_CARD_TOKEN,
    );
    const guest = await api<{ data: { stored_instruments: unknown[] }[] }>(
      `/v3/payments/methods?order_id=${place(0)}`,
    );
    expect(guest.body.data[0]!.stored_instruments).toEqual([]);
  });
});

describe('POST /stores/{hash}/payments (payments origin)', () => {
  it('charges the customer’s stored card once: the order awaits fulfillment, a second payment is refused', async () => {
    const id = place(1);
    const paid = await pay(await tokenFor(id), {
      type: 'stored_card',
      token: DEMO_STORED_CARD_TOKEN,
    });
    expect(paid.status).toBe(201);
    expect(conformance(specs.process, paid, 'PaymentsPost')).toEqual([]);
    expect(paid.body.data).toMatchObject({ status: 'success' });
    expect(status(id)).toBe(11);
    expect((await api('/v3/payments/access_tokens', 'POST', { order: { id } })).status).toBe(422);
    expect(s.sandbox.store.orders.get(id)?.payment).toMatchObject({
      instrumentType: 'stored_card',
    });
    expect(JSON.stringify(s.sandbox.store.orders.get(id))).not.toContain(DEMO_STORED_CARD_TOKEN);
  });

  it('approves 4111 1111 1111 1111 and declines 4000 0000 0000 0002 (the order stays pending)', async () => {
    const declined = place(0);
    const refusal = await pay(await tokenFor(declined), card('4000000000000002'));
    expect(refusal.status).toBe(422);
    expect(conformance(specs.process, refusal, 'PaymentsPost')).toEqual([]);
    expect(JSON.stringify(refusal.body)).not.toContain('4000000000000002');
    expect(status(declined)).toBe(1);
    const approved = place(0);
    expect((await pay(await tokenFor(approved), card('4111111111111111'))).status).toBe(201);
    expect(status(approved)).toBe(11);
  });

  it('takes a token once, and refuses another customer’s card', async () => {
    const id = place(2);
    const token = await tokenFor(id);
    expect((await pay(token, { type: 'stored_card', token: DEMO_STORED_CARD_TOKEN })).status).toBe(
      422,
    );
    expect((await pay(token, card('4111111111111111'))).status).toBe(401);
    expect(status(id)).toBe(1);
  });

  it('refuses a missing PAT, the wrong Accept and a malformed body before charging', async () => {
    const id = place(1);
    const token = await tokenFor(id);
    expect((await pay(null, card('4111111111111111'))).status).toBe(401);
    expect((await pay(token, card('4111111111111111'), 'application/json')).status).toBe(400);
    expect((await pay(token, { type: 'card' })).status).toBe(400);
    expect(status(id)).toBe(1);
    expect((await pay(token, card('4111111111111111'))).status).toBe(201);
  });
});
