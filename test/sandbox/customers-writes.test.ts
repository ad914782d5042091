import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_STORED_CARD_TOKEN } from '../../sandbox/customers/instruments.js';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';

// ajv-formats is CommonJS with only a default export: require() gets the plugin in every loader.
const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
const SPECS = new URL('../fixtures/bigcommerce/openapi/', import.meta.url);

interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}
type Row = Record<string, unknown> & { id: number };

let sandbox: Sandbox;
const specs: Record<'v2' | 'v3', OpenAPIBackend> = {} as never;

async function loadSpec(file: string): Promise<OpenAPIBackend> {
  const api = new OpenAPIBackend({
    definition: parse(readFileSync(new URL(file, SPECS), 'utf8')) as Document,
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
  sandbox = await createSandbox({ products: 5, quota: { requests: 10_000, windowMs: 60_000 } });
  specs.v3 = await loadSpec('customers.v3.yml');
  specs.v2 = await loadSpec('customers.v2.yml');
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => sandbox.counters.reset());

const store = () => sandbox.store.customers;

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const res = await fetch(`${sandbox.url}/stores/${sandbox.storeHash}${path}`, {
    method,
    headers: {
      'x-auth-token': sandbox.accessToken,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** `[]` when the answer matches the operation's response schema in its spec. */
function specProblems(version: 'v2' | 'v3', operationId: string, answer: Answer): string[] {
  const result = specs[version].validator.validateResponse(answer.body, operationId, answer.status);
  return (result.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

let serial = 0;
const newCustomer = (overrides: Record<string, unknown> = {}) => ({
  email: `writer.${++serial}@example.com`,
  first_name: 'Wren',
  last_name: 'Writer',
  authentication: { new_password: 'Sandbox-pass-1' },
  ...overrides,
});

const address = (customerId: number, overrides: Record<string, unknown> = {}) => ({
  customer_id: customerId,
  first_name: 'Wren',
  last_name: 'Writer',
  address1: `${++serial} Harbor Road`,
  city: 'Austin',
  state_or_province: 'Texas',
  postal_code: '78701',
  country_code: 'US',
  ...overrides,
});

const validate = (email: string, password: string) =>
  call<{ is_valid: boolean; customer_id: number | null }>(
    'POST',
    '/v3/customers/validate-credentials',
    { email, password },
  );

describe('POST /v3/customers', () => {
  it('creates customers in the spec’s shape, whose password then validates', async () => {
    const body = [newCustomer({ company: 'Cedar & Co', phone: '555-0199' }), newCustomer()];
    const answer = await call<{ data: Row[] }>('POST', '/v3/customers', body);
    expect(answer.status).toBe(200);
    expect(specProblems('v3', 'createCustomers', answer)).toEqual([]);
    const [first, second] = answer.body.data;
    expect(first).toMatchObject({ email: body[0]?.email, company: 'Cedar & Co', address_count: 0 });
    expect(second!.id).toBe(first!.id + 1);
    expect(store().getCustomer(first!.id)).toBeDefined();
    expect(JSON.stringify(answer.body)).not.toContain('Sandbox-pass-1');
    expect((await validate(String(body[0]?.email), 'Sandbox-pass-1')).body).toEqual({
      is_valid: true,
      customer_id: first!.id,
    });
    expect((await validate(String(body[0]?.email), 'wrong-pass-1')).body.is_valid).toBe(false);
  });

  it('refuses a taken email (any case) with a 422 naming the field, and creates nothing', async () => {
    const before = store().customers.length;
    const taken = newCustomer({ email: DEMO_CUSTOMER_CREDENTIALS.email.toUpperCase() });
    const answer = await call<{ errors: Record<string, string> }>('POST', '/v3/customers', [
      newCustomer(),
      taken,
    ]);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ status: 422, title: 'Create customers failed.' });
    expect(answer.body.errors).toMatchObject({
      '1.email': expect.stringMatching(/already in use/),
      '.customer_create': expect.any(String),
    });
    expect(JSON.stringify(answer.body)).not.toContain(DEMO_CUSTOMER_CREDENTIALS.email);
    expect(store().customers).toHaveLength(before);
    // The same email twice in one batch is refused too.
    const twice = newCustomer();
    expect((await call('POST', '/v3/customers', [twice, { ...twice }])).status).toBe(422);
  });

  it('refuses missing fields, a weak password and more than 10, echoing no value', async () => {
    const weak = await call<{ errors: Record<string, string> }>('POST', '/v3/customers', [
      { email: 'not-an-email', first_name: '', authentication: { new_password: 'short' } },
    ]);
    expect(weak.status).toBe(422);
    expect(Object.keys(weak.body.errors).sort()).toEqual([
      '0.authentication.new_password',
      '0.email',
      '0.first_name',
      '0.last_name',
    ]);
    expect(JSON.stringify(weak.body)).not.toContain('short');
    const many = Array.from({ length: 11 }, () => newCustomer());
    expect((await call('POST', '/v3/customers', many)).status).toBe(413);
    expect((await call('POST', '/v3/customers', newCustomer())).status).toBe(422);
  });
});

describe('PUT and DELETE /v3/customers', () => {
  it('updates the fields sent, store credit and group included, and refuses an unknown id', async () => {
    const created = (await call<{ data: Row[] }>('POST', '/v3/customers', [newCustomer()])).body
      .data[0]!;
    const answer = await call<{ data: Row[] }>('PUT', '/v3/customers', [
      {
        id: created.id,
        first_name: 'Renamed',
        phone: '555-0142',
        customer_group_id: 2,
        store_credit_amounts: [{ amount: 12.5 }],
        date_created: '2000-01-01T00:00:00Z',
      },
    ]);
    expect(answer.status).toBe(200);
    expect(specProblems('v3', 'updateCustomers', answer)).toEqual([]);
    expect(answer.body.data[0]).toMatchObject({
      first_name: 'Renamed',
      last_name: 'Writer',
      phone: '555-0142',
      customer_group_id: 2,
      store_credit_amounts: [{ amount: 12.5 }],
      date_created: created.date_created,
    });
    const read = await call<{ data: Row[] }>(
      'GET',
      `/v3/customers?id:in=${created.id}&include=storecredit`,
    );
    expect(read.body.data[0]).toMatchObject({ first_name: 'Renamed', customer_group_id: 2 });
    const unknown = await call('PUT', '/v3/customers', [{ id: 987_654, first_name: 'X' }]);
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ errors: { '0.id': expect.any(String) } });
    const badGroup = await call('PUT', '/v3/customers', [
      { id: created.id, customer_group_id: 99 },
    ]);
    expect(badGroup.body).toMatchObject({ errors: { '0.customer_group_id': expect.any(String) } });
  });

  it('deletes customers with their addresses and password; no id:in changes nothing', async () => {
    const created = (await call<{ data: Row[] }>('POST', '/v3/customers', [newCustomer()])).body
      .data[0]!;
    await call('POST', '/v3/customers/addresses', [address(created.id)]);
    const count = store().customers.length;
    const none = await call('DELETE', '/v3/customers');
    expect(none.status).toBe(204);
    expect(store().customers).toHaveLength(count);
    const gone = await call('DELETE', `/v3/customers?id:in=${created.id}`);
    expect(gone.status).toBe(204);
    expect(gone.body).toBeNull();
    expect(store().getCustomer(created.id)).toBeUndefined();
    expect(store().addressesOf(created.id)).toEqual([]);
    expect((await validate(String(created.email), 'Sandbox-pass-1')).body.is_valid).toBe(false);
  });
});

describe('customer addresses', () => {
  it('creates, skips an identical one, updates and deletes, in the spec’s shapes', async () => {
    const customerId = 2;
    const before = store().addressesOf(customerId).length;
    const body = address(customerId, { country_code: 'ca', address_type: 'commercial' });
    const created = await call<{ data: Row[] }>('POST', '/v3/customers/addresses', [body]);
    expect(created.status).toBe(200);
    expect(specProblems('v3', 'createCustomersAddresses', created)).toEqual([]);
    const row = created.body.data[0]!;
    expect(row).toMatchObject({ customer_id: 2, country_code: 'CA', country: 'Canada' });
    expect(store().addressesOf(customerId)).toHaveLength(before + 1);

    // The spec: an identical address changes nothing and is absent from the answer.
    const again = await call<{ data: Row[] }>('POST', '/v3/customers/addresses', [body]);
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual([]);
    expect(store().addressesOf(customerId)).toHaveLength(before + 1);

    const updated = await call<{ data: Row[] }>('PUT', '/v3/customers/addresses', [
      { id: row.id, city: 'Toronto', state_or_province: 'Ontario' },
    ]);
    expect(specProblems('v3', 'updateCustomersAddresses', updated)).toEqual([]);
    expect(updated.body.data[0]).toMatchObject({
      id: row.id,
      city: 'Toronto',
      address1: row.address1,
    });

    const deleted = await call('DELETE', `/v3/customers/addresses?id:in=${row.id}`);
    expect(deleted.status).toBe(204);
    expect(store().addressesOf(customerId)).toHaveLength(before);
  });

  it('refuses an unknown customer or address, missing fields, and a DELETE without id:in', async () => {
    const unknown = await call('POST', '/v3/customers/addresses', [address(987_654)]);
    expect(unknown).toMatchObject({
      status: 422,
      body: { errors: { '0.customer_id': expect.any(String) } },
    });
    const missing = await call<{ errors: Record<string, string> }>(
      'POST',
      '/v3/customers/addresses',
      [{ customer_id: 1, first_name: 'A' }],
    );
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.errors)).toEqual(
      expect.arrayContaining(['0.last_name', '0.address1', '0.city', '0.country_code']),
    );
    const noAddress = await call('PUT', '/v3/customers/addresses', [{ id: 987_654, city: 'X' }]);
    expect(noAddress).toMatchObject({
      status: 422,
      body: { errors: { '0.id': expect.any(String) } },
    });
    const noIds = await call('DELETE', '/v3/customers/addresses');
    expect(noIds).toMatchObject({ status: 422, body: { errors: { 'id:in': expect.any(String) } } });
  });
});

describe('stored instruments and store credit', () => {
  it('answers the demo customer’s cards as the spec’s bare array, default card first', async () => {
    const answer = await call<Row[]>('GET', '/v3/customers/1/stored-instruments');
    expect(answer.status).toBe(200);
    expect(specProblems('v3', 'getCustomerStoredInstruments', answer)).toEqual([]);
    expect(answer.body[0]).toMatchObject({
      type: 'stored_card',
      token: DEMO_STORED_CARD_TOKEN,
      is_default: true,
      brand: 'VISA',
      last_4: '1111',
    });
    expect(answer.body.filter((card) => card.is_default)).toHaveLength(1);
    expect(
      store().customers.filter((c) => store().storedInstrumentsOf(c.id).length > 0).length,
    ).toBeGreaterThan(3);
    expect((await call('GET', '/v3/customers/987654/stored-instruments')).status).toBe(404);
    // A customer without cards has an empty list.
    expect((await call('GET', '/v3/customers/2/stored-instruments')).body).toEqual([]);
  });

  it('includes store credit only with include=storecredit', async () => {
    const plain = await call<{ data: Row[] }>('GET', '/v3/customers?id:in=1');
    expect(plain.body.data[0]).not.toHaveProperty('store_credit_amounts');
    const credit = await call<{ data: Row[] }>('GET', '/v3/customers?id:in=1&include=storecredit');
    expect(credit.body.data[0]?.store_credit_amounts).toEqual([{ amount: 25 }]);
  });
});

describe('GET /v2/customer_groups', () => {
  it('lists the groups bare, gets one, and answers v2’s bare-array 404', async () => {
    const list = await call<Row[]>('GET', '/v2/customer_groups');
    expect(list.status).toBe(200);
    expect(specProblems('v2', 'getCustomerGroups', list)).toEqual([]);
    expect(list.body.map((g) => g.name)).toEqual(['Retail', 'Wholesale']);
    const one = await call<Row>('GET', '/v2/customer_groups/2');
    expect(specProblems('v2', 'getCustomerGroup', one)).toEqual([]);
    expect(one.body).toMatchObject({ id: 2, name: 'Wholesale', is_default: false });
    const missing = await call('GET', '/v2/customer_groups/99');
    expect(missing).toMatchObject({ status: 404, body: [{ status: 404 }] });
    const empty = await call('GET', '/v2/customer_groups?name=Nobody');
    expect(empty.status).toBe(204);
    expect(sandbox.counters.get('GET /v2/customer_groups')).toBe(2);
  });
});
