import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_CUSTOMER_CREDENTIALS, SEEDED_CUSTOMERS } from '../../sandbox/customers/seed.js';
import { CustomerStore } from '../../sandbox/customers/store.js';
import { type Answer, type ListBody, startSandbox } from './helpers.js';

// ajv-formats is CommonJS with only a default export: require() gets the plugin in every loader.
const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
const SPECS = new URL('../fixtures/bigcommerce/openapi/', import.meta.url);
const readSpec = (file: string) => parse(readFileSync(new URL(file, SPECS), 'utf8')) as Document;

type Started = Awaited<ReturnType<typeof startSandbox>>;
type Row = Record<string, unknown> & { id: number };
let s: Started;
let spec: OpenAPIBackend;
// A sandbox on a fixed clock, for the JWT's `iat`/`exp`.
const NOW = Date.UTC(2026, 3, 1, 12, 0, 0);
let clocked: Started;

beforeAll(async () => {
  s = await startSandbox({ products: 5, quota: { requests: 10_000, windowMs: 60_000 } });
  clocked = await startSandbox({
    products: 5,
    clientId: 'app-123',
    clientSecret: 'a-test-secret',
    clock: { now: () => NOW, sleep: async () => {} },
  });
  spec = new OpenAPIBackend({
    definition: readSpec('customers.v3.yml'),
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
afterAll(async () => {
  await s?.sandbox.close();
  await clocked?.sandbox.close();
});

const customers = () => s.sandbox.store.customers;

async function post<T = Record<string, unknown>>(
  started: Started,
  path: string,
  body: unknown,
  init: { token?: string | null; raw?: boolean } = {},
): Promise<Answer<T>> {
  const token = init.token === undefined ? started.sandbox.accessToken : init.token;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['x-auth-token'] = token;
  const base = path.startsWith('/__sandbox/')
    ? started.sandbox.url
    : `${started.sandbox.url}/stores/${started.sandbox.storeHash}`;
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers,
    body: init.raw ? String(body) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

const validate = (body: unknown, init?: { token?: string | null; raw?: boolean }) =>
  post<{ is_valid: boolean; customer_id: number | null }>(
    s,
    '/v3/customers/validate-credentials',
    body,
    init,
  );

/** The spec's verdict on an answer: `[]` when it matches the operation's response schema. */
function specProblems(operationId: string, answer: Answer): string[] {
  const result = spec.validator.validateResponse(answer.body, operationId, answer.status);
  return (result.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const ids = (body: ListBody<Row>) => body.data.map((row) => row.id);

describe('seed', () => {
  it('is deterministic per seed, starts with the demo customer and gives everyone 1-2 addresses', () => {
    const a = new CustomerStore({ seed: 3 });
    expect(new CustomerStore({ seed: 3 }).customers).toEqual(a.customers);
    expect(new CustomerStore({ seed: 4 }).customers).not.toEqual(a.customers);
    expect(a.customers).toHaveLength(SEEDED_CUSTOMERS);
    expect(a.customers[0]).toMatchObject({ id: 1, email: DEMO_CUSTOMER_CREDENTIALS.email });
    expect(new Set(a.customers.map((c) => c.email)).size).toBe(SEEDED_CUSTOMERS);
    for (const c of a.customers) expect(a.addressesOf(c.id).length).toBeGreaterThanOrEqual(1);
    expect(a.customers.every((c) => a.addressesOf(c.id).length <= 2)).toBe(true);
    expect(new Set(a.addresses.map((x) => x.id)).size).toBe(a.addresses.length);
    expect(new Set(a.customers.map((c) => c.customer_group_id)).size).toBeGreaterThan(1);
    expect(a.customers.some((c) => c.company !== '')).toBe(true);
  });
});

describe('GET /v3/customers', () => {
  it('lists 50 per page by default and pages with page/limit and links', async () => {
    const all = await s.get<ListBody<Row>>('/v3/customers');
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual(customers().customers.map((c) => c.id));
    const third = await s.get<ListBody<Row>>('/v3/customers?limit=15&page=3');
    expect(ids(third.body)).toEqual(
      customers()
        .customers.slice(30, 40)
        .map((c) => c.id),
    );
    expect(third.body.meta.pagination).toEqual({
      total: 40,
      count: 10,
      per_page: 15,
      current_page: 3,
      total_pages: 3,
      links: { previous: '?page=2&limit=15', current: '?page=3&limit=15' },
    });
  });

  it('answers in the spec’s response shape, every sub-resource included', async () => {
    const answer = await s.get<ListBody<Row>>(
      '/v3/customers?include=addresses,storecredit,attributes,formfields&limit=250',
    );
    expect(specProblems('getCustomers', answer)).toEqual([]);
    const schema = readSpec('customers.v3.yml').components?.schemas?.customer_Full as {
      properties: Record<string, unknown>;
    };
    const known = new Set(Object.keys(schema.properties));
    const keys = new Set(answer.body.data.flatMap((row) => Object.keys(row)));
    expect([...keys].filter((key) => !known.has(key))).toEqual([]);
  });

  it('filters by id:in (answering in id order) and by email:in without regard to case', async () => {
    const byId = await s.get<ListBody<Row>>('/v3/customers?id:in=9,3,77,12');
    expect(ids(byId.body)).toEqual([3, 9, 12]);
    const target = customers().getCustomer(7)!;
    const byEmail = await s.get<ListBody<Row>>(
      `/v3/customers?email:in=${encodeURIComponent(`${target.email.toUpperCase()},nobody@example.com`)}`,
    );
    expect(ids(byEmail.body)).toEqual([7]);
  });

  it('filters by group, company, name and creation date', async () => {
    const all = customers().customers;
    const count = async (query: string) =>
      (await s.get<ListBody<Row>>(`/v3/customers?${query}&limit=250`)).body.data.length;
    expect(await count('customer_group_id:in=1,2')).toBe(
      all.filter((c) => [1, 2].includes(c.customer_group_id)).length,
    );
    const company = all.find((c) => c.company !== '')!.company;
    expect(await count(`company:in=${encodeURIComponent(company)}`)).toBe(
      all.filter((c) => c.company === company).length,
    );
    const demo = all[0]!;
    expect(await count(`name:in=${encodeURIComponent('demo shopper')}`)).toBe(1);
    expect(await count(`name:like=${demo.last_name.slice(1, 5)}`)).toBeGreaterThanOrEqual(1);
    const sorted = all.map((c) => c.date_created).sort();
    const median = sorted[20]!;
    expect(await count(`date_created:min=${median.slice(0, 19)}`)).toBe(
      all.filter((c) => c.date_created >= median).length,
    );
    expect(await count(`date_created:max=${sorted[0]!.slice(0, 10)}`)).toBeGreaterThanOrEqual(1);
  });

  it('returns addresses and store credit only when included', async () => {
    const plain = await s.get<ListBody<Row>>('/v3/customers?id:in=1,2');
    for (const row of plain.body.data) {
      expect(row).not.toHaveProperty('addresses');
      expect(row).not.toHaveProperty('store_credit_amounts');
      expect(row.address_count).toBe(customers().addressesOf(row.id).length);
    }
    const full = await s.get<ListBody<Row>>(
      '/v3/customers?id:in=1,2&include=addresses,storecredit',
    );
    for (const row of full.body.data) {
      expect(row.addresses).toEqual(customers().addressesOf(row.id));
      expect(row.store_credit_amounts).toEqual(customers().storeCredit.get(row.id));
    }
    expect(full.body.data[0]!.store_credit_amounts).toEqual([{ amount: 25 }]);
  });

  it('sorts by last name and creation date', async () => {
    const asc = await s.get<ListBody<Row>>('/v3/customers?sort=last_name:asc&limit=250');
    const names = asc.body.data.map((row) => String(row.last_name));
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const desc = await s.get<ListBody<Row>>('/v3/customers?sort=date_created:desc&limit=250');
    const dates = desc.body.data.map((row) => String(row.date_created));
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('refuses bad parameters with a v3 422 naming each one', async () => {
    for (const [query, name] of [
      ['id:in=1,x', 'id:in'],
      ['limit=251', 'limit'],
      ['page=0', 'page'],
      ['include=addresses,orders', 'include'],
      ['sort=email:asc', 'sort'],
      ['date_created:min=yesterday', 'date_created:min'],
      ['customer_group_id:in=gold', 'customer_group_id:in'],
    ] as const) {
      const answer = await s.get<{ errors: Record<string, string> }>(`/v3/customers?${query}`);
      expect(answer.status, query).toBe(422);
      expect(answer.body, query).toMatchObject({ status: 422, title: expect.any(String) });
      expect(Object.keys(answer.body.errors), query).toEqual([name]);
      expect(specProblems('getCustomers', answer), query).toEqual([]);
    }
  });
});

describe('GET /v3/customers/addresses', () => {
  it('filters by customer_id:in and id:in, in the spec’s shape, form fields only when included', async () => {
    const answer = await s.get<ListBody<Row>>('/v3/customers/addresses?customer_id:in=2,1');
    expect(answer.body.data).toEqual([
      ...customers().addressesOf(1),
      ...customers().addressesOf(2),
    ]);
    expect(specProblems('getCustomersAddresses', answer)).toEqual([]);
    const one = customers().addresses[3]!;
    const byId = await s.get<ListBody<Row>>(`/v3/customers/addresses?id:in=${one.id}`);
    expect(byId.body.data).toEqual([one]);
    const withFields = await s.get<ListBody<Row>>(
      '/v3/customers/addresses?id:in=1&include=formfields',
    );
    expect(withFields.body.data[0]).toHaveProperty('form_fields', []);
    expect(answer.body.data[0]).not.toHaveProperty('form_fields');
  });

  it('pages and refuses bad input with a 422', async () => {
    const total = customers().addresses.length;
    const page = await s.get<ListBody<Row>>('/v3/customers/addresses?limit=10&page=2');
    expect(page.body.meta.pagination).toMatchObject({ total, count: 10, current_page: 2 });
    expect(ids(page.body)).toEqual(
      customers()
        .addresses.slice(10, 20)
        .map((a) => a.id),
    );
    const bad = await s.get<{ errors: Record<string, string> }>(
      '/v3/customers/addresses?customer_id:in=one',
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty(['customer_id:in']);
  });
});

describe('auth, quota headers and counters', () => {
  it('answers 401 without the token on every customer route, with rate-limit headers', async () => {
    const answers = [
      await s.get('/v3/customers', { token: null }),
      await s.get('/v3/customers/addresses', { token: 'wrong' }),
      await validate(DEMO_CUSTOMER_CREDENTIALS, { token: null }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ status: 401, title: expect.any(String) });
      expect(answer.headers.get('x-rate-limit-requests-quota')).toBe('10000');
    }
    expect(answers[2]!.body).not.toHaveProperty('is_valid');
  });

  it('spends quota and counts each call under its route label', async () => {
    s.sandbox.counters.reset();
    const first = await s.get('/v3/customers?limit=1');
    const second = await s.get('/v3/customers/addresses?limit=1');
    const third = await validate({ email: 'a@example.com', password: 'x' });
    const left = [first, second, third].map((a) =>
      Number(a.headers.get('x-rate-limit-requests-left')),
    );
    expect(left[1]).toBe(left[0]! - 1);
    expect(left[2]).toBe(left[0]! - 2);
    expect(third.headers.get('x-rate-limit-time-window-ms')).toBe('60000');
    expect(s.sandbox.counters.snapshot()).toEqual({
      'GET /v3/customers': 1,
      'GET /v3/customers/addresses': 1,
      'POST /v3/customers/validate-credentials': 1,
    });
  });
});

describe('POST /v3/customers/validate-credentials', () => {
  it('accepts the demo customer’s password (email in any case) and names the customer', async () => {
    const right = await validate({ ...DEMO_CUSTOMER_CREDENTIALS, email: 'Demo@Example.COM' });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ is_valid: true, customer_id: 1 });
    expect(specProblems('validateCustomerCredentials', right)).toEqual([]);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await validate({ email: DEMO_CUSTOMER_CREDENTIALS.email, password: 'nope' });
    const unknown = await validate({ email: 'nobody@example.com', password: 'nope' });
    expect(wrong.body).toEqual({ is_valid: false, customer_id: null });
    expect(unknown.body).toEqual(wrong.body);
    expect(specProblems('validateCustomerCredentials', wrong)).toEqual([]);
  });

  it('checks the channel: channel 1 when none is named', async () => {
    const onlySecond = customers().customers.find((c) => c.channel_ids.join() === '2')!;
    customers().setPassword(onlySecond.id, 'second-storefront');
    const credentials = { email: onlySecond.email, password: 'second-storefront' };
    expect((await validate({ ...credentials, channel_id: 2 })).body).toEqual({
      is_valid: true,
      customer_id: onlySecond.id,
    });
    expect((await validate(credentials)).body.is_valid).toBe(false);
    expect((await validate({ ...credentials, channel_id: 1 })).body.is_valid).toBe(false);
  });

  it('takes as long for an unknown email as for a wrong password (a dummy hash is checked)', async () => {
    const wrong = { email: DEMO_CUSTOMER_CREDENTIALS.email, password: 'wrong' };
    const unknown = { email: 'nobody@example.com', password: 'wrong' };
    await validate(wrong);
    const time = async (body: unknown) => {
      const started = performance.now();
      await validate(body);
      return performance.now() - started;
    };
    const wrongMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 7; i++) {
      wrongMs.push(await time(wrong));
      unknownMs.push(await time(unknown));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // A password hash takes milliseconds; answering an unknown email without one takes far less.
    expect(median(unknownMs)).toBeGreaterThan(median(wrongMs) * 0.5);
  });

  it('refuses a missing field with a 422 that names it and echoes no value', async () => {
    const missing = await validate({ email: 'secret-address@example.com' });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ status: 422, errors: { password: expect.any(String) } });
    expect(JSON.stringify(missing.body)).not.toContain('secret-address');
    const mistyped = await validate({ email: 'secret-address@example.com', password: ['hunter2'] });
    expect(mistyped.status).toBe(422);
    expect(Object.keys(mistyped.body as object)).toContain('errors');
    expect(JSON.stringify(mistyped.body)).not.toMatch(/hunter2|secret-address/);
    expect(specProblems('validateCustomerCredentials', missing)).toEqual([]);
    const typed = await validate({ email: 'a@example.com', password: 'p', channel_id: 'one' });
    expect(Object.keys((typed.body as unknown as { errors: object }).errors)).toEqual([
      'channel_id',
    ]);
    const notJson = await validate('{"email":', { raw: true });
    expect(notJson.status).toBe(400);
  });

  it('never answers a password or its hash', async () => {
    const everything = await s.get(
      '/v3/customers?include=addresses,storecredit,attributes,formfields&limit=250',
    );
    const text = JSON.stringify(everything.body);
    expect(text.includes(DEMO_CUSTOMER_CREDENTIALS.password)).toBe(false);
    const keys = new Set<string>();
    JSON.stringify(everything.body, (key, value: unknown) => {
      keys.add(key);
      return value;
    });
    const suspicious = [...keys].filter((key) => /password|hash|salt|secret/i.test(key));
    expect(suspicious).toEqual(['force_password_reset']);
  });
});

describe('POST /__sandbox/current-customer-jwt', () => {
  const mint = (body: unknown) =>
    post<{ token: string }>(clocked, '/__sandbox/current-customer-jwt', body);

  it('mints the storefront’s JWT: HS256 with the app client secret, the spec’s claims', async () => {
    const { status, body } = await mint({ customerId: 1 });
    expect(status).toBe(200);
    expect(decodeProtectedHeader(body.token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const secret = new TextEncoder().encode(clocked.sandbox.clientSecret);
    const { payload } = await jwtVerify(body.token, secret, {
      algorithms: ['HS256'],
      issuer: 'bc/apps',
      audience: 'app-123',
      currentDate: new Date(NOW),
    });
    const iat = Math.floor(NOW / 1000);
    expect(payload).toEqual({
      customer: { id: 1, email: DEMO_CUSTOMER_CREDENTIALS.email, group_id: '1' },
      iss: 'bc/apps',
      sub: clocked.sandbox.storeHash,
      iat,
      exp: iat + 900,
      version: 1,
      aud: 'app-123',
      application_id: 'app-123',
      store_hash: clocked.sandbox.storeHash,
      operation: 'current_customer',
    });
    // Exactly the claims, with the same JSON types, as the spec's example payload.
    const example = specExamplePayload();
    const typesOf = (o: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v]));
    expect(typesOf(payload)).toEqual(typesOf(example));
    expect(typesOf(payload.customer as Record<string, unknown>)).toEqual(
      typesOf(example.customer as Record<string, unknown>),
    );
  });

  it('does not verify with another secret', async () => {
    const { body } = await mint({ customerId: 2, appClientId: 'app-123' });
    const other = new TextEncoder().encode('sandbox-client-secret');
    await expect(jwtVerify(body.token, other, { currentDate: new Date(NOW) })).rejects.toThrow(
      /signature/,
    );
  });

  it('refuses an unknown customer, another app and a malformed body', async () => {
    expect((await mint({ customerId: 999 })).status).toBe(404);
    expect((await mint({ customerId: 1, appClientId: 'someone-else' })).status).toBe(400);
    expect((await mint({ customer: 1 })).status).toBe(400);
  });

  it('uses the default app credentials, exposed on the sandbox', async () => {
    expect(s.sandbox.clientId).toBe('sandbox-client-id');
    expect(s.sandbox.clientSecret).toBe('sandbox-client-secret');
    const { body } = await post<{ token: string }>(s, '/__sandbox/current-customer-jwt', {
      customerId: 1,
    });
    const { payload } = await jwtVerify(
      body.token,
      new TextEncoder().encode('sandbox-client-secret'),
      {
        audience: 'sandbox-client-id',
      },
    );
    expect(payload.exp! - payload.iat!).toBe(900);
  });
});

/** The decoded payload `current_customer.yml` shows in its 200 answer's description. */
function specExamplePayload(): Record<string, unknown> {
  const doc = readSpec('current_customer.yml') as unknown as {
    paths: Record<string, { get: { responses: Record<string, { description: string }> } }>;
  };
  const text = doc.paths['/customer/current.jwt']!.get.responses['200']!.description;
  const json = /```json\s*([\s\S]*?)```/.exec(text)![1]!;
  // The example has a trailing comma after `group_id`, which JSON does not allow.
  return JSON.parse(json.replace(/,(\s*[}\]])/g, '$1')) as Record<string, unknown>;
}
